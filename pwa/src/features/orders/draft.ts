// Drafts of long forms, kept on the phone as they are typed so nothing is lost when the
// app is closed, the phone goes offline, or the page reloads.
import { memoryKeyValueStore, openKeyValueStore, type KeyValueStore } from '../../storage/idb';

let store: KeyValueStore | null = null;
function drafts(): KeyValueStore {
  store ??= typeof indexedDB === 'undefined' ? memoryKeyValueStore() : openKeyValueStore('cs-drafts');
  return store;
}

export function loadDraft<T>(key: string): Promise<T | undefined> {
  return drafts().get<T>(key);
}

export function saveDraft(key: string, value: unknown): Promise<void> {
  return drafts().set(key, value);
}

export function clearDraft(key: string): Promise<void> {
  return drafts().set(key, null);
}
