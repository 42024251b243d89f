import type { Locale } from '../i18n/i18n';

/** "¥12.50" / "CN¥12.50" for an amount in fen (the server's unit for money). */
export function formatFen(fen: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}
