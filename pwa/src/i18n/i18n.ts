// The UI language (zh-CN by default, English switchable, persisted) and Intl formatting.
import { useEffect, useState } from 'preact/hooks';
import { en, zhCN, type MessageKey } from './messages';

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'cs.locale';

const catalogs: Record<Locale, Record<string, string>> = { 'zh-CN': { ...zhCN }, en: { ...en } };

/** Adds a lazy screen's texts to the catalogue (its module calls this when it loads). */
export function registerMessages(zh: Record<string, string>, english: Record<string, string>): void {
  Object.assign(catalogs['zh-CN'], zh);
  Object.assign(catalogs.en, english);
}

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // Storage can be unavailable (private mode); the default applies.
  }
  return 'zh-CN';
}

let current: Locale = typeof localStorage === 'undefined' ? 'zh-CN' : readStoredLocale();
const listeners = new Set<(l: Locale) => void>();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; still switched for this visit.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  rememberForPushes(locale);
  for (const fn of listeners) fn(locale);
}

/**
 * Tells the service worker which language push notifications are shown in: it cannot
 * read localStorage, so the choice is kept in Cache Storage (public/push-sw.js reads it).
 */
function rememberForPushes(locale: Locale): void {
  if (typeof caches === 'undefined') return;
  void caches
    .open('cs-prefs')
    .then((c) => c.put('/__prefs/locale', new Response(locale)))
    .catch(() => undefined);
}
rememberForPushes(current);

export function onLocaleChange(fn: (l: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Fills a text's `{name}` placeholders from params; unknown names stay as written. */
export function fillPlaceholders(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type Translator<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/**
 * The one translator factory for the lazily loaded text catalogs (tickets, order screens,
 * open shifts...): each catalog module stays out of the first screen's JavaScript and gets
 * its translator for a language with `catalogTranslator(catalogs)(locale)`.
 */
export function catalogTranslator<K extends string>(catalogs: Record<Locale, Record<K, string>>): (locale: Locale) => Translator<K> {
  return (locale) => (key, params) => fillPlaceholders(catalogs[locale][key], params);
}

/** Translates a key, filling `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return fillPlaceholders(catalogs[locale][key] ?? key, params);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

/** Re-renders the component when the language changes; returns the bound translator. */
export function useI18n(): { locale: Locale; t: typeof t } {
  const [locale, setL] = useState(current);
  useEffect(() => onLocaleChange(setL), []);
  return { locale, t: (key, params) => translate(locale, key, params) };
}

/**
 * The carrier's time zone: shifts, punches, tracking events and deadlines are read on its
 * clock (the server's default ORG_TIME_ZONE), whatever zone the phone itself is set to.
 */
export const ORG_TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso: string, locale: Locale = current): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: ORG_TIME_ZONE }).format(new Date(iso));
}

export function formatDateLong(date: Date, locale: Locale = current): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: ORG_TIME_ZONE }).format(date);
}

export function formatDateTime(iso: string, locale: Locale = current): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ORG_TIME_ZONE }).format(new Date(iso));
}

export function formatNumber(n: number, locale: Locale = current): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A byte count as "123 KB" in the UI language. */
export function formatBytes(bytes: number, locale: Locale = current): string {
  const kb = bytes / 1024;
  if (kb < 1024) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(kb);
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(kb / 1024);
}
