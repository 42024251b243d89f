// The outbox knows no feature: each feature registers its change kinds here at start-up
// (src/app/changeKinds.ts imports them all, and a feature's screens import their own), with
// how to send one (usually a lazy import() of the feature's sender, so the first screen's
// JavaScript stays small), how the queue names it and, if it has one, the device time to show.
// A change whose type no feature registered (a newer version's change, a corrupted store) is
// never sent to another feature's sender: it is refused on the phone with a clear reason and
// stays visible until dismissed.
import { t as translate } from '../i18n/i18n';
import type { OutboxChange, OutboxItem, SendOutcome } from './types';

export type Translate = typeof translate;

export interface ChangeKind<C extends OutboxChange> {
  /** The feature the kind belongs to (named when two features claim one type). */
  feature: string;
  /**
   * Every change type of the kind, as stored on phones: the type strings never change, so
   * changes saved by an earlier version still send. A record so that the compiler checks
   * the list is complete and has nothing extra.
   */
  types: Record<C['type'], true>;
  send(item: OutboxItem<C>): Promise<SendOutcome>;
  /** One line naming the change in the 待同步 queue. */
  describe(change: C, t: Translate): string;
  /** The device time the queue shows for the change; the time it was queued when absent. */
  shownAt?(change: C): string;
}

interface Entry {
  feature: string;
  send(item: OutboxItem): Promise<SendOutcome>;
  describe(change: OutboxChange, t: Translate): string;
  shownAt(change: OutboxChange): string | undefined;
}

const kinds = new Map<string, Entry>();

/** The code of the phone's own refusal of a change no feature registered. */
export const UNKNOWN_CHANGE = 'UNKNOWN_CHANGE';

/**
 * Registers a feature's change kind and returns the guard that recognises its changes.
 * Registering the same feature again (a module evaluated twice) replaces it; a type claimed
 * by two features is a mistake and throws.
 */
export function registerChangeKind<C extends OutboxChange>(kind: ChangeKind<C>): (change: OutboxChange) => change is C {
  const types = new Set<string>(Object.keys(kind.types));
  const is = (change: OutboxChange): change is C => types.has(change.type);
  const isItem = (item: OutboxItem): item is OutboxItem<C> => is(item.change);
  const entry: Entry = {
    feature: kind.feature,
    send: (item) => (isItem(item) ? kind.send(item) : Promise.resolve(notSendable(item.change))),
    describe: (change, t) => (is(change) ? kind.describe(change, t) : describeUnknown(change, t)),
    shownAt: (change) => (is(change) && kind.shownAt ? kind.shownAt(change) : undefined),
  };
  for (const type of types) {
    const other = kinds.get(type);
    if (other && other.feature !== kind.feature) throw new Error(`outbox: change type "${type}" is ${other.feature}'s, not ${kind.feature}'s`);
  }
  for (const type of types) kinds.set(type, entry);
  return is;
}

/** Whether some feature registered this change type. */
export function isKnownChange(change: OutboxChange): boolean {
  return kinds.has(change.type);
}

/** The feature that registered this change type, if any. */
export function featureOf(change: OutboxChange): string | undefined {
  return kinds.get(change.type)?.feature;
}

/** The stored type as words for the queue: it comes from the phone's store, so it may be anything. */
function shownType(change: OutboxChange): string {
  const type: unknown = change.type;
  if (typeof type !== 'string') return '?';
  const clean = type.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

function notSendable(change: OutboxChange): SendOutcome {
  return { kind: 'refused', error: { code: UNKNOWN_CHANGE, message: translate('outbox.unknownRefused', { type: shownType(change) }) } };
}

function describeUnknown(change: OutboxChange, t: Translate): string {
  return t('outbox.unknown', { type: shownType(change) });
}

/** Sends a change with its feature's sender; one no feature registered is refused here. */
export function sendRegistered(item: OutboxItem): Promise<SendOutcome> {
  const entry = kinds.get(item.change.type);
  return entry ? entry.send(item) : Promise.resolve(notSendable(item.change));
}

/** How the queue names a change. */
export function describeChange(change: OutboxChange, t: Translate): string {
  const entry = kinds.get(change.type);
  return entry ? entry.describe(change, t) : describeUnknown(change, t);
}

/** The device time the queue shows for an item. */
export function shownAt(item: OutboxItem): string {
  return kinds.get(item.change.type)?.shownAt(item.change) ?? item.createdAt;
}
