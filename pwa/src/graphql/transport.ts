// The one place that talks HTTP to /graphql: headers, language, and error shapes.
import { stringifyDocument } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getLocale } from '../i18n/i18n';
import { GraphQLRequestError, NetworkError, serverErrors } from './errors';

export const GRAPHQL_URL = '/graphql';
export const ACCEPT = 'application/graphql-response+json, application/json';

/**
 * Adds the contract's headers (Accept, language, bearer token) to a request, and X-CSRF:
 * the refresh cookie travels with every request to /graphql, and the server runs a
 * non-JSON request that carries cookies (a photo upload's multipart form) only with a
 * header that a cross-site form cannot send.
 */
export function graphqlHeaders(init: HeadersInit | undefined, token: string | null): Headers {
  const headers = new Headers(init);
  headers.set('Accept', ACCEPT);
  headers.set('Accept-Language', getLocale());
  headers.set('X-CSRF', '1');
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  else headers.delete('Authorization');
  return headers;
}

/**
 * Posts one operation and returns its data, or throws NetworkError (could not reach the
 * server) or GraphQLRequestError (the server said no, with codes).
 */
export async function postGraphQL<TData, TVars>(
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  token: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<TData> {
  let res: Response;
  try {
    res = await fetchImpl(GRAPHQL_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: graphqlHeaders(undefined, token),
      body: JSON.stringify({ query: stringifyDocument(doc), variables }),
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  let body: { data?: TData | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = await res.json();
  } catch (err) {
    // A proxy's HTML error page or a cut connection: treat like being offline.
    throw new NetworkError(err);
  }
  if (body.errors?.length) throw new GraphQLRequestError(serverErrors(body.errors));
  if (!body.data) throw new GraphQLRequestError([{ code: 'INTERNAL', message: `HTTP ${res.status}` }]);
  return body.data;
}
