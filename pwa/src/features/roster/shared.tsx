// Pieces the roster and approvals screens share: formats, rule explanations, the state of a
// queued change in place, and refetching once the outbox has delivered.
import { useRefetchOnCounts } from '../../app/counts';
import { useEffect, useState } from 'preact/hooks';
import { useI18n, type Locale } from '../../i18n/i18n';
import { outbox, submitChange, useOutbox } from '../../outbox/sync';
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import type { OutboxItem } from '../../outbox/types';
import { dateOnly } from './month';
import type { RosterChange } from './changes';
import { rosterChangeSubject } from './changes';
import type { RosterShiftTypeFragment, ViolationFragment } from './roster.generated';
import { isRosterChange } from './kinds';

/** "12月3日周四" / "Thu, Dec 3" for a YYYY-MM-DD day. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(dateOnly(day));
}

/** "2026年12月" / "December 2026". */
export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(dateOnly(`${month}-01`));
}

/** "白班 08:30–17:30", with "+1" when the shift ends the next day. */
export function shiftLabel(s: Pick<RosterShiftTypeFragment, 'name' | 'startTime' | 'endTime' | 'crossesMidnight'>): string {
  return `${s.name} ${s.startTime}–${s.endTime}${s.crossesMidnight ? ' (+1)' : ''}`;
}

/** The explanation of a broken rule in the UI language (the server sends both). */
export function violationText(v: ViolationFragment, locale: Locale): string {
  return locale === 'en' ? v.messageEn : v.messageZh;
}

/**
 * Stable codes are for support staff, not for the person reading: they go in a small details
 * line ("供客服支持查询：LEAVE_NIGHT_SHIFT") under the plain explanation, never in it.
 */
export function SupportCodes({ codes }: { codes: readonly string[] }) {
  const { t } = useI18n();
  const unique = [...new Set(codes)];
  if (unique.length === 0) return null;
  return <p class="support-code">{t('roster.supportCode', { code: unique.join(', ') })}</p>;
}

/** Every broken rule in plain words, with their stable codes in the support line. */
export function RuleList({ violations, label }: { violations: readonly ViolationFragment[]; label: string }) {
  const { locale } = useI18n();
  return (
    <>
      <ul class="rules" aria-label={label}>
        {violations.map((v, i) => (
          <li key={`${v.code}-${i}`}>{violationText(v, locale)}</li>
        ))}
      </ul>
      <SupportCodes codes={violations.map((v) => v.code)} />
    </>
  );
}

/** Waits until `value` has stopped changing for `ms` (the dry run runs as the form is filled). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export type RosterOutboxItem = OutboxItem & { change: RosterChange };

export function isRosterItem(i: OutboxItem): i is RosterOutboxItem {
  return isRosterChange(i.change);
}

/** This person's queued roster changes. */
export function useRosterOutbox(staffId: string): readonly RosterOutboxItem[] {
  return useOutbox(staffId).items.filter(isRosterItem);
}

/**
 * Calls `refetch` whenever one of this person's queued roster changes has left the queue, and
 * when a swap, leave request or roster change made elsewhere moves the person's counts
 * (myCountsChanged, live): every roster list then reloads without a reload of the page.
 */
export function useRosterRefetch(staffId: string, refetch: () => void): void {
  useRefetchOnCounts(refetch);
  useRefetchAfterSync(staffId, isRosterChange, refetch);
}

/** Queues a roster change (sent at once when online). */
export function queueRosterChange(staffId: string, change: RosterChange): Promise<OutboxItem> {
  return submitChange(staffId, change);
}

/**
 * The queued change about one swap, leave request or roster, shown where it belongs: 待同步
 * while waiting, the server's refusal (for example CONFLICT when someone else decided first)
 * in plain words until dismissed.
 */
export function ChangeState({ staffId, subjectId }: { staffId: string; subjectId: string }) {
  const { t } = useI18n();
  const items = useRosterOutbox(staffId).filter((i) => rosterChangeSubject(i.change) === subjectId);
  if (items.length === 0) return null;
  return (
    <div>
      {items.map((item) =>
        item.state === 'pending' ? (
          <p key={item.key} class="small" role="status">
            <span class="tag pending">{t('outbox.pending')}</span> {t('roster.change.waiting')}
          </p>
        ) : (
          <RefusalNote key={item.key} item={item} />
        ),
      )}
    </div>
  );
}

export function RefusalNote({ item }: { item: RosterOutboxItem }) {
  const { t } = useI18n();
  // Like the outbox's Refusal, but the code goes in the support line, not after the message.
  if (!item.refusal) return null;
  return (
    <div class="refusal" role="alert">
      <p>
        <strong>{item.refusal.code === 'CONFLICT' ? t('roster.conflict') : t('roster.refused')}</strong>
      </p>
      <p>{item.refusal.message}</p>
      <SupportCodes codes={[item.refusal.code]} />
      <button type="button" class="btn small" onClick={() => void outbox.dismiss(item.key)}>
        {t('outbox.dismiss')}
      </button>
    </div>
  );
}

/** Refusals of new requests (swap, leave, roster edits) that have no subject on screen yet. */
export function NewRequestRefusals({ staffId, types }: { staffId: string; types: readonly RosterChange['type'][] }) {
  const { t } = useI18n();
  const items = useRosterOutbox(staffId).filter((i) => types.includes(i.change.type));
  if (items.length === 0) return null;
  return (
    <ul class="list">
      {items.map((item) => (
        <li key={item.key}>
          <div class="row">
            <span>{item.change.summary}</span>
            <span class={`tag ${item.state}`}>{item.state === 'refused' ? t('outbox.refused') : t('outbox.pending')}</span>
          </div>
          {item.state === 'refused' && <RefusalNote item={item} />}
        </li>
      ))}
    </ul>
  );
}
