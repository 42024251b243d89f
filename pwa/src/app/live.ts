// Live updates: GraphQL subscriptions over server-sent events, kept open while the person is
// signed in and online, so a supervisor on a night shift sees a request the moment it
// arrives. `listen` runs any subscription; `listenForNotices` is the shell's
// rosterNotificationAdded. No library: fetch with a streamed body. It reconnects with a
// fresh access token, backing off up to 30 s.
import { getLocale } from '../i18n/i18n';
import { GRAPHQL_URL } from '../graphql/transport';
import { freshAccessToken } from '../session/session';

export interface LiveNotice {
  id: string;
  kind: string;
  message: string;
}

const QUERY = 'subscription LiveNotices { rosterNotificationAdded { id kind message } }';

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

/** Calls onData with the data of each message of a subscription until signal aborts. */
export function listen<T>(query: string, onData: (data: T) => void, signal: AbortSignal): void {
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
            body: JSON.stringify({ query }),
          });
          if (res.ok && res.body) {
            delay = 1000;
            const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
            let buf = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              const { events, rest } = takeEvents(buf + value);
              buf = rest;
              for (const event of events) {
                const data = (JSON.parse(event) as { data?: T | null }).data;
                if (data) onData(data);
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

/** Calls onNotice for each notification until signal aborts. */
export function listenForNotices(onNotice: (n: LiveNotice) => void, signal: AbortSignal): void {
  listen<{ rosterNotificationAdded?: LiveNotice }>(
    QUERY,
    (data) => {
      if (data.rosterNotificationAdded) onNotice(data.rosterNotificationAdded);
    },
    signal,
  );
}
