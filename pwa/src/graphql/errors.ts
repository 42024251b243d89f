// How the app reads GraphQL errors from the server: a stable code and a localized message.

export interface ServerError {
  code: string;
  message: string;
}

/** Codes that say "ask again later", not "no": the outbox retries them. */
const RETRYABLE = new Set(['INTERNAL']);
/** Codes that say the access token is missing or stale: refresh and retry once. */
export const AUTH_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_EXPIRED']);

interface RawError {
  message?: unknown;
  extensions?: { code?: unknown } | null;
}

export function serverErrors(errors: readonly RawError[] | null | undefined): ServerError[] {
  return (errors ?? []).map((e) => ({
    code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL',
    message: typeof e.message === 'string' ? e.message : '',
  }));
}

export function isRetryable(err: ServerError): boolean {
  return RETRYABLE.has(err.code);
}

export function isAuthError(err: ServerError): boolean {
  return AUTH_CODES.has(err.code);
}

/** A failure to reach the server at all (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

/** The server answered with errors. */
export class GraphQLRequestError extends Error {
  readonly errors: ServerError[];
  constructor(errors: ServerError[]) {
    super(errors.map((e) => `${e.message} (${e.code})`).join('; '));
    this.name = 'GraphQLRequestError';
    this.errors = errors;
  }
  get first(): ServerError {
    return this.errors[0] ?? { code: 'INTERNAL', message: '' };
  }
}
