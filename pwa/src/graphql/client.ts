// The urql client: normalised cache (graphcache) persisted in IndexedDB so that what was
// last seen stays readable offline, queries sent by hash (APQ), and a fetch that adds the
// token and refreshes it once.
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange, offlineExchange, type CacheExchangeOpts } from '@urql/exchange-graphcache';
import { makeDefaultStorage } from '@urql/exchange-graphcache/default-storage';
import { persistedExchange } from '@urql/exchange-persisted';
import { setOnline } from '../app/network';
import { freshAccessToken, markOffline, refresh } from '../session/session';
import { AUTH_CODES } from './errors';
import { GRAPHQL_URL, graphqlHeaders } from './transport';
import { cacheUpdates } from './cache-updates';

/** fetch for urql: bearer token, language, and one retry after refreshing a stale token. */
export async function authedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const send = (token: string | null) =>
    fetch(input, { ...init, credentials: 'same-origin', headers: graphqlHeaders(init?.headers, token) });
  let token: string | null;
  let res: Response;
  try {
    token = await freshAccessToken();
    res = await send(token);
  } catch (err) {
    // A request the app cancelled (a screen left, a query torn down before its answer)
    // says nothing about the network: only a failed one marks the app offline, which
    // also stops live updates until the next request gets through.
    if (!init?.signal?.aborted) {
      setOnline(false);
      markOffline();
    }
    throw err;
  }
  setOnline(true);
  if (!token) return res;
  const body = (await res.clone().json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
  const stale = body?.errors?.some((e) => AUTH_CODES.has(e.extensions?.code ?? ''));
  if (stale && (await refresh())) return send(await freshAccessToken());
  return res;
}

export const cacheStorage = typeof indexedDB === 'undefined' ? null : makeDefaultStorage({ idbName: 'cs-graphcache', maxAge: 14 });

const cacheOptions: CacheExchangeOpts = {
  keys: { RecordAttendancePayload: () => null },
  updates: cacheUpdates,
};

export function createClient(): Client {
  return new Client({
    url: GRAPHQL_URL,
    fetch: authedFetch,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheStorage ? offlineExchange({ ...cacheOptions, storage: cacheStorage }) : cacheExchange(cacheOptions),
      // Queries go by their SHA-256 (automatic persisted queries): the full text is sent
      // only when the server does not know the hash yet. POST, not GET: variables carry
      // phone digits and names, and URLs end up in proxies' logs.
      persistedExchange({ preferGetForPersistedQueries: false }),
      fetchExchange,
    ],
  });
}

export const client = createClient();

/** Forget cached data (on logout, so the next person does not see it). */
export async function clearCache(): Promise<void> {
  await cacheStorage?.clear();
}
