import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { MoreOrders } from './OrdersHome';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

describe('the count under the orders list', () => {
  it('says 1,000+ when the server stopped counting, in both languages', () => {
    setLocale('zh-CN');
    render(<MoreOrders shown={20} total={1000} capped={true} />);
    expect(screen.getByText('显示最新 20 条，共 1,000 条以上。')).toBeTruthy();
    cleanup();
    setLocale('en');
    render(<MoreOrders shown={20} total={1000} capped={true} />);
    expect(screen.getByText('Showing the newest 20 of 1,000+.')).toBeTruthy();
  });

  it('gives the exact count below the cap and nothing when the page holds every match', () => {
    const { container, rerender } = render(<MoreOrders shown={20} total={345} capped={false} />);
    expect(container.textContent).toBe('显示最新 20 条，共 345 条。');
    rerender(<MoreOrders shown={6} total={6} capped={false} />);
    expect(container.textContent).toBe('');
  });
});
