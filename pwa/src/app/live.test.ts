import { describe, expect, it, vi } from 'vitest';
import { listen, takeEvents } from './live';

vi.mock('../session/session', () => ({ freshAccessToken: async () => 'token-1' }));

describe('takeEvents', () => {
  it('returns complete events and keeps a partial one for the next chunk', () => {
    const first = takeEvents('event: next\ndata: {"a":1}\n\nevent: next\ndata: {"b"');
    expect(first.events).toEqual(['{"a":1}']);
    const second = takeEvents(first.rest + ':2}\n\n');
    expect(second.events).toEqual(['{"b":2}']);
    expect(second.rest).toBe('');
  });
  it('skips events without data, such as keep-alives', () => {
    expect(takeEvents(': ping\n\nevent: complete\n\n').events).toEqual([]);
  });
});

describe('listen', () => {
  it('posts the subscription and hands over the data of each message, across chunks', async () => {
    const encoder = new TextEncoder();
    const chunks = ['event: next\ndata: {"data":{"ticketUpdated":{"id":"t1"}}}\n\nevent: next\ndata: {"data":', '{"ticketUpdated":{"id":"t2"}}}\n\n'];
    const requests: { body: string; auth: string | null; accept: string | null }[] = [];
    const stop = new AbortController();
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      requests.push({ body: String(init.body), auth: headers.get('Authorization'), accept: headers.get('Accept') });
      if (requests.length > 1) return new Promise<Response>(() => undefined); // stay connected
      const body = new ReadableStream({
        start(c) {
          for (const chunk of chunks) c.enqueue(encoder.encode(chunk));
          c.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const got: string[] = [];
    listen<{ ticketUpdated: { id: string } }>('subscription { ticketUpdated { id } }', (d) => got.push(d.ticketUpdated.id), stop.signal);
    await vi.waitFor(() => expect(got).toEqual(['t1', 't2']));
    stop.abort();
    vi.unstubAllGlobals();
    expect(requests[0]).toEqual({ body: '{"query":"subscription { ticketUpdated { id } }"}', auth: 'Bearer token-1', accept: 'text/event-stream' });
  });
});
