// A minimal history router: the app has a handful of flat routes.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<(path: string) => void>();

function currentPath(): string {
  return typeof location === 'undefined' ? '/' : location.pathname;
}

export function navigate(path: string, replace = false): void {
  if (path === currentPath()) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  // Listeners get the path without any #fragment (a screen may read location.hash itself).
  for (const fn of listeners) fn(currentPath());
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    for (const fn of listeners) fn(currentPath());
  });
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    listeners.add(setPath);
    return () => listeners.delete(setPath);
  }, []);
  return path;
}

/** Click handler for same-origin links: navigate without reloading. */
export function linkTo(path: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
    window.scrollTo(0, 0);
  };
}

/** /track or /track/<waybill>: the public look-up page. */
export function publicTrackPath(path: string): { waybill: string } | null {
  const m = /^\/track(?:\/([^/]*))?\/?$/.exec(path);
  if (!m) return null;
  try {
    return { waybill: decodeURIComponent(m[1] ?? '') };
  } catch {
    return { waybill: '' };
  }
}
