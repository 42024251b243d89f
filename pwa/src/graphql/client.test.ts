import { afterEach, describe, expect, it, vi } from 'vitest';
import { isOnline, setOnline } from '../app/network';
import { authedFetch } from './client';

describe('authedFetch and the online flag', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setOnline(true);
  });

  it('leaves the app online when the app itself cancels a request', async () => {
    vi.stubGlobal('fetch', (_input: RequestInfo | URL, init?: RequestInit) => {
      const signal = init?.signal;
      return new Promise<Response>((_resolve, reject) => {
        const aborted = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (signal?.aborted) aborted();
        signal?.addEventListener('abort', aborted);
      });
    });
    const stop = new AbortController();
    const sent = authedFetch('/graphql', { method: 'POST', body: '{}', signal: stop.signal });
    stop.abort();
    await expect(sent).rejects.toThrow(/abort/i);
    expect(isOnline()).toBe(true);
  });

  it('marks the app offline when the network fails', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(authedFetch('/graphql', { method: 'POST', body: '{}' })).rejects.toThrow('Failed to fetch');
    expect(isOnline()).toBe(false);
  });
});
