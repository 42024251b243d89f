// The outbox's shared types, in a leaf module: features, photos and the outbox core import
// them without importing each other. A change is opaque to the core: a type string (what
// each feature registers a kind for, see registry.ts) and whatever that feature stores.
import type { ServerError } from '../graphql/errors';

/** A change as the outbox core sees it. Its `type` is stored and never renamed. */
export interface OutboxChange {
  readonly type: string;
}

export interface OutboxItem<C extends OutboxChange = OutboxChange> {
  /** Idempotency key sent with the change (crypto.randomUUID()). */
  key: string;
  /** Whose change this is: only their session sends it. */
  staffId: string;
  change: C;
  createdAt: string;
  state: 'pending' | 'refused';
  attempts: number;
  refusal?: ServerError;
}

/** What happened when one change was sent. */
export type SendOutcome =
  | { kind: 'done' }
  /** Could not reach the server, or it failed internally: try again later, in order. */
  | { kind: 'retry' }
  /** The server said no (or the phone cannot send it): show why. */
  | { kind: 'refused'; error: ServerError };

export type Sender = (item: OutboxItem) => Promise<SendOutcome>;
