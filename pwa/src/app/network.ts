// Whether the server is reachable, from the browser's online flag and our own requests.
import { useEffect, useState } from 'preact/hooks';

let online = typeof navigator === 'undefined' ? true : navigator.onLine;
const listeners = new Set<(online: boolean) => void>();

export function isOnline(): boolean {
  return online;
}

export function setOnline(next: boolean): void {
  if (next === online) return;
  online = next;
  for (const fn of listeners) fn(next);
}

export function onNetworkChange(fn: (online: boolean) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
}

export function useOnline(): boolean {
  const [value, setValue] = useState(online);
  useEffect(() => onNetworkChange(setValue), []);
  return value;
}
