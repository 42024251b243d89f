// A tiny key-value store on IndexedDB (one object store), enough for the outbox.

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function openKeyValueStore(dbName: string, storeName = 'kv'): KeyValueStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    if (!db) {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName);
      db = request(req);
    }
    return db;
  };
  return {
    async get<T>(key: string) {
      const tx = (await open()).transaction(storeName, 'readonly');
      return (await request(tx.objectStore(storeName).get(key))) as T | undefined;
    },
    async set(key, value) {
      const tx = (await open()).transaction(storeName, 'readwrite');
      tx.objectStore(storeName).put(value, key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    },
  };
}

/** In-memory store for tests and for browsers without IndexedDB. */
export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    async get<T>(key: string) {
      return map.get(key) as T | undefined;
    },
    async set(key, value) {
      map.set(key, structuredClone(value));
    },
  };
}
