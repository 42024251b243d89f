import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginScreen } from './LoginScreen';
import { resetSessionForTests } from './session';

function refuse(code: string, message: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ data: null, errors: [{ message, extensions: { code } }] }), { status: 401 })),
  );
}

function submit(employeeNo: string, password: string) {
  fireEvent.input(screen.getByLabelText('工号'), { target: { value: employeeNo } });
  fireEvent.input(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

beforeEach(() => resetSessionForTests());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('LoginScreen', () => {
  it('shows the server message and code for a wrong password', async () => {
    refuse('INVALID_CREDENTIALS', '工号或密码错误。');
    render(<LoginScreen reason="none" />);
    submit('CS1001', 'nope');
    const alert = await waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toContain('工号或密码错误。');
    expect(alert.textContent).toContain('INVALID_CREDENTIALS');
  });

  it('falls back to its own text for too many failures without a message', async () => {
    refuse('ACCOUNT_LOCKED', '');
    render(<LoginScreen reason="none" />);
    submit('CS1001', 'nope');
    const alert = await waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toContain('登录失败次数过多');
  });

  it('falls back to its own text when the server is checking too many passwords', async () => {
    refuse('THROTTLED', '');
    render(<LoginScreen reason="none" />);
    submit('CS1001', 'nope');
    const alert = await waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toContain('登录的人太多');
  });

  it('says when the network is down', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    render(<LoginScreen reason="none" />);
    submit('CS1001', 'x');
    const alert = await waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toContain('网络不可用');
  });

  it('explains an expired session', () => {
    render(<LoginScreen reason="expired" />);
    expect(screen.getByRole('status').textContent).toBe('登录已过期，请重新登录。');
  });

  it('asks for both fields before calling the server', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<LoginScreen reason="none" />);
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(screen.getByRole('alert').textContent).toContain('请输入工号和密码');
    expect(fetch).not.toHaveBeenCalled();
  });
});
