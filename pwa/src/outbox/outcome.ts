// How a GraphQL answer becomes an outbox outcome: no error is done; no answer, an internal
// error or a stale token is retried later; any other stable code is a refusal to show.
import type { CombinedError } from '@urql/core';
import { isAuthError, isRetryable, serverErrors, type ServerError } from '../graphql/errors';
import type { SendOutcome } from './types';

export function refusalOrRetry(first: ServerError | undefined): SendOutcome {
  if (!first || isRetryable(first) || isAuthError(first)) return { kind: 'retry' };
  return { kind: 'refused', error: first };
}

export function outcomeOf(error: CombinedError | undefined): SendOutcome {
  if (!error) return { kind: 'done' };
  if (error.networkError || error.graphQLErrors.length === 0) return { kind: 'retry' };
  return refusalOrRetry(serverErrors(error.graphQLErrors)[0]);
}
