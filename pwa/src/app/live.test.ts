import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../session/session', () => ({ freshAccessToken: async () => 'token-1' }));
const { listenLive, takeEvents } = await import('./live');

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

/** A response whose body streams the given chunks, then stays open until aborted. */
function stream(chunks: string[], signal: AbortSignal): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
      signal.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

describe('listenLive', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the subscription with the token and hands over each event’s data', async () => {
    const stop = new AbortController();
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) =>
      stream(['event: next\ndata: {"data":{"trackingUpdated":{"id":"O1","version":2}}}\n\n', 'event: next\ndata: {"data":{"trackingUpdated":{"id":"O1","version":3}}}\n\n'], init!.signal!),
    );
    vi.stubGlobal('fetch', fetchMock);
    const got: unknown[] = [];
    listenLive('subscription S($w: String!) { trackingUpdated(waybillNo: $w) { id version } }', { w: 'SD123456785CN' }, (d) => got.push(d), stop.signal);
    await vi.waitFor(() => expect(got).toHaveLength(2));
    stop.abort();
    expect(got[1]).toEqual({ trackingUpdated: { id: 'O1', version: 3 } });
    const init = fetchMock.mock.calls[0]![1]!;
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer token-1');
    expect(new Headers(init.headers).get('Accept')).toBe('text/event-stream');
    expect(JSON.parse(String(init.body)).variables).toEqual({ w: 'SD123456785CN' });
  });

  it('stops for good on a refusal instead of asking again', async () => {
    const stop = new AbortController();
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) =>
      stream(['event: next\ndata: {"errors":[{"message":"校验位错误","extensions":{"code":"WAYBILL_CHECK_DIGIT"}}]}\n\n'], init!.signal!),
    );
    vi.stubGlobal('fetch', fetchMock);
    const refused = vi.fn();
    listenLive('subscription { x }', {}, () => undefined, stop.signal, refused);
    await vi.waitFor(() => expect(refused).toHaveBeenCalledWith([{ message: '校验位错误', extensions: { code: 'WAYBILL_CHECK_DIGIT' } }]));
    await new Promise((r) => setTimeout(r, 1200));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    stop.abort();
  });
});

describe('the shell’s streams', () => {
  it('send the operations written in today.graphql, so the server knows them by name', async () => {
    const { parse, print } = await import('graphql');
    const { LiveCountsDocument, LiveNoticesDocument } = await import('../features/today/today.generated');
    const { NOTICES } = await import('./live');
    const { LIVE } = await import('./counts');
    expect(print(parse(NOTICES))).toBe(print(LiveNoticesDocument));
    expect(print(parse(LIVE))).toBe(print(LiveCountsDocument));
  });
});
