// Service-worker registration (lazy, after first paint) and its two messages:
// "ready to work offline" and "a new version is available" with a reload button.
import { useEffect, useState } from 'preact/hooks';

export interface UpdateState {
  offlineReady: boolean;
  needRefresh: boolean;
}

let state: UpdateState = { offlineReady: false, needRefresh: false };
let updateSW: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<(s: UpdateState) => void>();

function set(next: Partial<UpdateState>): void {
  state = { ...state, ...next };
  for (const fn of listeners) fn(state);
}

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { registerSW } = await import('virtual:pwa-register');
  updateSW = registerSW({
    onNeedRefresh: () => set({ needRefresh: true }),
    onOfflineReady: () => {
      set({ offlineReady: true });
      // Good news needs no action: let it go by itself.
      setTimeout(() => set({ offlineReady: false }), 6000);
    },
  });
}

export function reloadToUpdate(): void {
  void updateSW?.(true);
}

export function dismissUpdate(): void {
  set({ offlineReady: false, needRefresh: false });
}

export function useUpdateState(): UpdateState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    return () => listeners.delete(setS);
  }, []);
  return s;
}
