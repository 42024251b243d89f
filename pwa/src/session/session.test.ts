import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  freshAccessToken,
  getAccessToken,
  getSession,
  login,
  refresh,
  resetSessionForTests,
  restore,
} from './session';
import { GraphQLRequestError, NetworkError } from '../graphql/errors';

const staff = { __typename: 'Staff', id: 'U3RhZmY6MQ', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] };
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

function session(token: string) {
  return { accessToken: token, accessTokenExpiresAt: inAnHour(), staff };
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

type Call = { body: { query: string; variables: unknown }; headers: Headers };

function mockFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const call = { body: JSON.parse(String(init.body)), headers: new Headers(init.headers) };
      calls.push(call);
      return respond(call);
    }),
  );
  return calls;
}

beforeEach(() => {
  resetSessionForTests();
  localStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('login', () => {
  it('asks for the refresh token as a cookie and keeps the access token in memory only', async () => {
    const calls = mockFetch(() => json({ data: { login: session('tok-1') } }));
    await login('CS1001', 'Demo@2026');
    expect(calls[0]!.body.variables).toEqual({
      input: { employeeNo: 'CS1001', password: 'Demo@2026', refreshTokenDelivery: 'COOKIE' },
    });
    expect(calls[0]!.headers.get('Accept')).toBe('application/graphql-response+json, application/json');
    expect(calls[0]!.headers.get('Accept-Language')).toBe('zh-CN');
    expect(getAccessToken()).toBe('tok-1');
    expect(getSession()).toMatchObject({ status: 'signedIn', staff: { name: '张伟' } });
    expect(JSON.stringify({ ...localStorage })).not.toContain('tok-1');
  });

  it('passes on the server refusal with its code', async () => {
    mockFetch(() =>
      json({ errors: [{ message: '工号或密码错误', extensions: { code: 'INVALID_CREDENTIALS' } }], data: null }, 401),
    );
    const err = await login('CS1001', 'wrong').catch((e) => e);
    expect(err).toBeInstanceOf(GraphQLRequestError);
    expect(err.first).toEqual({ code: 'INVALID_CREDENTIALS', message: '工号或密码错误' });
  });

  it('reports being offline as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(login('CS1001', 'x')).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('refresh', () => {
  it('is single-flight: concurrent callers share one request (a reused refresh token would end the session)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = mockFetch(async (call) => {
      if (call.body.query.includes('login')) return json({ data: { login: session('tok-1') } });
      await gate;
      return json({ data: { refreshSession: session('tok-2') } });
    });
    await login('CS1001', 'Demo@2026');
    const results = [refresh(), refresh(), refresh()];
    release();
    expect(await Promise.all(results)).toEqual([true, true, true]);
    expect(calls.filter((c) => c.body.query.includes('refreshSession'))).toHaveLength(1);
    expect(getAccessToken()).toBe('tok-2');
  });

  it('ends the session with "reused" when the server saw a refresh token twice', async () => {
    mockFetch((call) =>
      call.body.query.includes('login')
        ? json({ data: { login: session('tok-1') } })
        : json({ errors: [{ message: 'reused', extensions: { code: 'REFRESH_TOKEN_REUSED' } }], data: null }),
    );
    await login('CS1001', 'Demo@2026');
    expect(await refresh()).toBe(false);
    expect(getSession()).toEqual({ status: 'signedOut', reason: 'reused' });
    expect(getAccessToken()).toBe(null);
  });

  it('refreshes before using a token that is about to expire', async () => {
    const calls = mockFetch((call) =>
      call.body.query.includes('login')
        ? json({ data: { login: { ...session('old'), accessTokenExpiresAt: new Date(Date.now() + 5_000).toISOString() } } })
        : json({ data: { refreshSession: session('new') } }),
    );
    await login('CS1001', 'Demo@2026');
    expect(await freshAccessToken()).toBe('new');
    expect(calls).toHaveLength(2);
  });
});

describe('restore', () => {
  it('without a previous session shows the login screen', async () => {
    const calls = mockFetch(() => json({}));
    await restore();
    expect(getSession()).toEqual({ status: 'signedOut', reason: 'none' });
    expect(calls).toHaveLength(0);
  });

  it('offline, opens with the person who was signed in on this phone', async () => {
    localStorage.setItem('cs.session', JSON.stringify({ id: 'x', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] }));
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await restore();
    expect(getSession()).toMatchObject({ status: 'signedIn', online: false, staff: { name: '张伟' } });
  });

  it('online with an expired cookie, asks to log in again', async () => {
    localStorage.setItem('cs.session', JSON.stringify({ id: 'x', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] }));
    mockFetch(() => json({ errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }], data: null }));
    await restore();
    expect(getSession()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(localStorage.getItem('cs.session')).toBe(null);
  });
});
