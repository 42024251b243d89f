// Pieces the checklist screens share: their texts, queued changes shown in place, refetching
// once the outbox has delivered (src/outbox/useRefetchAfterSync), and formats.
import { catalogTranslator, useI18n, type Locale, type Translator } from '../../i18n/i18n';
import { ckScreensEn, ckScreensZhCN, type CkKey } from '../../i18n/checklists-screens';
import type { OutboxItem } from '../../outbox/types';
import { isChecklistChange } from './kinds';
import { Refusal } from '../../outbox/Refusal';
import { submitChange, useOutbox } from '../../outbox/sync';
import type { ChecklistChange } from './changes';

export type Tr = Translator<CkKey>;

const translator = catalogTranslator<CkKey>({ 'zh-CN': ckScreensZhCN, en: ckScreensEn });

/** The screens' translator and the UI language. */
export function useCk(): { c: Tr; locale: Locale } {
  const { locale } = useI18n();
  return { locale, c: translator(locale) };
}

export type CkOutboxItem = OutboxItem & { change: ChecklistChange };

export function isCkItem(i: OutboxItem): i is CkOutboxItem {
  return isChecklistChange(i.change);
}

/** This person's queued checklist changes. */
export function useCkOutbox(staffId: string): readonly CkOutboxItem[] {
  return useOutbox(staffId).items.filter(isCkItem);
}

export function queueCk(staffId: string, change: ChecklistChange): Promise<OutboxItem> {
  return submitChange(staffId, change);
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** YYYY-MM-DD of a date in the phone's time zone. */
export function localDay(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function currentMonth(d: Date = new Date()): string {
  return localDay(d).slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "12月3日周四" / "Thu, Dec 3" for a YYYY-MM-DD day. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${day}T00:00:00Z`));
}

export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(`${month}-01T00:00:00Z`));
}

export function formatBytes(n: number, locale: Locale): string {
  return n >= 1024 * 1024
    ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MB`
    : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n / 1024)} KB`;
}

/** Pending tag, or the server's refusal with its code until dismissed, for queued changes. */
export function QueuedState({ items }: { items: readonly CkOutboxItem[] }) {
  const { c } = useCk();
  if (items.length === 0) return null;
  return (
    <div>
      {items.map((item) =>
        item.state === 'pending' ? (
          <p key={item.key} class="small" role="status">
            <span class="tag pending">{c('pending')}</span> {c('item.queued')}
          </p>
        ) : (
          <Refusal key={item.key} item={item} heading={c('refused')} dismissLabel={c('dismiss')} />
        ),
      )}
    </div>
  );
}
