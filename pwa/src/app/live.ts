// Live updates over server-sent events, kept open while the screen that wants them is
// shown and the phone is online: the shell listens for rosterNotificationAdded, so a
// supervisor on a night shift sees a request the moment it arrives; an open order follows
// trackingUpdated. No library: fetch with a streamed body. It reconnects with a fresh
// access token, backing off up to 30 s.
import { getLocale } from '../i18n/i18n';
import { GRAPHQL_URL } from '../graphql/transport';
import { freshAccessToken } from '../session/session';

export interface LiveNotice {
  id: string;
  kind: string;
  message: string;
}

/** The window event the shell fires for each live notice, so an open screen can refresh. */
export const NOTICE_EVENT = 'cs:live-notice';

// The text is kept here (the shell's bundle stays small); the same operation is in
// features/today/today.graphql, so the server knows its name and live.test.ts keeps the two equal.
export const NOTICES = 'subscription LiveNotices { rosterNotificationAdded { id kind message } }';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(id), resolve()), { once: true });
  });

/** Splits server-sent events and returns the data of each complete one; the rest stays in buf. */
export function takeEvents(buf: string): { events: string[]; rest: string } {
  const events: string[] = [];
  let at: number;
  while ((at = buf.indexOf('\n\n')) >= 0) {
    const block = buf.slice(0, at);
    buf = buf.slice(at + 2);
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data) events.push(data);
  }
  return { events, rest: buf };
}

/** What a subscription's stream carries per event: data, or errors that end it for good. */
export type LiveEvent<T> = { data?: T | null; errors?: { message?: string; extensions?: { code?: string } }[] };

/**
 * Runs a GraphQL subscription over SSE and calls onData with each event's data until signal
 * aborts. A refusal (errors in an event, such as WAYBILL_CHECK_DIGIT or NOT_FOUND) ends it
 * and calls onRefused: retrying would only be refused again. An expired session, a network
 * failure or a closed stream reconnects.
 */
export function listenLive<T>(
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  signal: AbortSignal,
  onRefused?: (errors: NonNullable<LiveEvent<T>['errors']>) => void,
): void {
  void (async () => {
    let delay = 1000;
    while (!signal.aborted) {
      try {
        const token = await freshAccessToken();
        if (token) {
          const res = await fetch(GRAPHQL_URL, {
            method: 'POST',
            signal,
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'Accept-Language': getLocale(), Authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          if (res.ok && res.body) {
            delay = 1000;
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            let buf = '';
            read: for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              const { events, rest } = takeEvents(buf + value);
              buf = rest;
              for (const raw of events) {
                const event = JSON.parse(raw) as LiveEvent<T>;
                if (event.errors?.length) {
                  if (event.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
                    void reader.cancel();
                    break read;
                  }
                  void reader.cancel();
                  onRefused?.(event.errors);
                  return;
                }
                if (event.data) onData(event.data);
              }
            }
          }
        }
      } catch {
        // Offline, aborted or a broken stream: wait and try again.
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 30_000);
    }
  })();
}

/** Calls onNotice for each roster notification until signal aborts. */
export function listenForNotices(onNotice: (n: LiveNotice) => void, signal: AbortSignal): void {
  listenLive<{ rosterNotificationAdded?: LiveNotice }>(
    NOTICES,
    {},
    (data) => {
      if (data.rosterNotificationAdded) onNotice(data.rosterNotificationAdded);
    },
    signal,
  );
}
