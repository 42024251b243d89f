// Light/dark appearance: follows the system unless the person picks one (persisted).
import { useState } from 'preact/hooks';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'cs.theme';

export function readTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark') return v;
  } catch {
    // default below
  }
  return 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

export function useTheme(): [ThemeChoice, (c: ThemeChoice) => void] {
  const [choice, setChoice] = useState(readTheme);
  return [
    choice,
    (c) => {
      try {
        if (c === 'system') localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, c);
      } catch {
        // not persisted
      }
      applyTheme(c);
      setChoice(c);
    },
  ];
}
