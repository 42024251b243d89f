// Pieces the ticket screens share: the SLA countdown, tags, form fields, and the queued
// changes of one ticket shown in place (待同步, or the server's refusal until dismissed).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import { Refusal } from '../../outbox/Refusal';
import { submitChange, useOutbox } from '../../outbox/sync';
import type { OutboxItem } from '../../outbox/types';
import { isTicketChange } from './kinds';
import type { TT } from '../../i18n/tickets';
import { useTicketsI18n } from '../../i18n/tickets';
import { formatTime } from '../../i18n/i18n';
import { ticketsOf, type TicketChange } from './changes';
import type { PickedPhoto, PhotoPickerLabels } from '../../photos/PhotoPicker';
import type { PhotoToUpload } from '../../photos/upload';
import type { TicketColleaguesOnDutyQuery, TicketListItemFragment } from './tickets.generated';
import { createdTicketId, onTicketCreated } from './created';

export const ticketPath = (id: string) => `/tickets/${encodeURIComponent(id)}`;

/** "3小时12分" / "3 h 12 min" for a number of seconds (sign ignored). */
export function formatDuration(seconds: number, tt: TT): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return tt('tk.days', { d, h });
  if (h > 0) return tt('tk.hours', { h, m });
  return tt('tk.minutes', { m });
}

/** The seconds left counted down on the phone from when the server said them. */
export function useCountdown(timeLeftSeconds: number | null | undefined, paused: boolean): number | null {
  const [now, setNow] = useState(Date.now);
  const since = useRef(Date.now());
  useEffect(() => {
    since.current = Date.now();
    setNow(since.current);
  }, [timeLeftSeconds]);
  useEffect(() => {
    if (paused || timeLeftSeconds == null) return;
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, [paused, timeLeftSeconds]);
  if (timeLeftSeconds == null) return null;
  return paused ? timeLeftSeconds : timeLeftSeconds - Math.floor((now - since.current) / 1000);
}

/** Time left against the resolution target: plainly "已超时" when overdue. */
export function SlaLeft({ sla }: { sla: TicketListItemFragment['sla'] }) {
  const { tt } = useTicketsI18n();
  const left = useCountdown(sla.timeLeftSeconds, sla.paused);
  if (left == null) return null;
  if (sla.paused) return <span class="tk-sla">{tt('tk.paused')} · {tt('tk.left', { time: formatDuration(left, tt) })}</span>;
  if (left < 0) return <span class="tk-sla late">{tt('tk.overdue', { time: formatDuration(left, tt) })}</span>;
  return <span class="tk-sla">{tt('tk.left', { time: formatDuration(left, tt) })}</span>;
}

export function kindLabel(t: Pick<TicketListItemFragment, 'kind' | 'exceptionKind'>, tt: TT): string {
  return t.exceptionKind ? `${tt('tk.kind.EXCEPTION')} · ${tt(`tk.ex.${t.exceptionKind}`)}` : tt(`tk.kind.${t.kind}`);
}

export function Field({ id, label, error, children }: { id: string; label: string; error?: string | null; children: ComponentChildren }) {
  return (
    <div class="tk-field">
      <label for={id}>{label}</label>
      {children}
      {error && (
        <p id={`${id}-error`} class="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export type TicketOutboxItem = OutboxItem & { change: TicketChange };

export function useTicketOutbox(staffId: string): readonly TicketOutboxItem[] {
  return useOutbox(staffId).items.filter((i): i is TicketOutboxItem => isTicketChange(i.change));
}

export function queueTicketChange(staffId: string, change: TicketChange): Promise<OutboxItem> {
  return submitChange(staffId, change);
}

export function QueuedItem({ item }: { item: TicketOutboxItem }) {
  const { tt } = useTicketsI18n();
  return (
    <li>
      <div class="row">
        <span>{item.change.label}</span>
        <span class={`tag ${item.state}`}>{item.state === 'refused' ? tt('tk.refused') : tt('tk.pending')}</span>
      </div>
      <Refusal item={item} dismissLabel={tt('tk.dismiss')} />
    </li>
  );
}

/** This ticket's changes still on the phone or refused by the server. */
export function QueuedForTicket({ staffId, ticketId }: { staffId: string; ticketId: string }) {
  const { tt } = useTicketsI18n();
  const items = useTicketOutbox(staffId).filter((i) => ticketsOf(i.change).includes(ticketId));
  if (items.length === 0) return null;
  return (
    <section class="card" aria-label={tt('tk.pending')}>
      <ul class="list">
        {items.map((item) => (
          <QueuedItem key={item.key} item={item} />
        ))}
      </ul>
    </section>
  );
}

/** The photo picker's texts in the tickets' language. */
export function usePhotoLabels(): PhotoPickerLabels {
  const { tt } = useTicketsI18n();
  return {
    take: tt('tk.takePhoto'),
    remove: (n) => tt('tk.removePhoto', { n }),
    alt: (n) => tt('tk.photoAlt', { n }),
    failed: (message) => tt('tk.photoFailed', { message }),
  };
}

/** The photos of a queued write: the blobs and when they were taken, without local links. */
export function toUpload(photos: readonly PickedPhoto[]): PhotoToUpload[] {
  return photos.map((p) => ({ blob: p.blob, capturedAt: p.capturedAt, place: p.place ?? null }));
}

/** Opens the ticket that the queued "open ticket" change under key created, as soon as the
 * server has it (at once if it already has). */
export function useOpenWhenCreated(key: string | null): void {
  useEffect(() => {
    if (!key) return;
    const go = () => {
      const id = createdTicketId(key);
      if (id) navigate(ticketPath(id));
    };
    go();
    return onTicketCreated(go);
  }, [key]);
}

export type OnDutyColleague = TicketColleaguesOnDutyQuery['onDutyNow'][number];

/** The people on duty now, each once (someone may hold two shifts), leaving out exceptId. */
export function distinctOnDuty(onDuty: readonly OnDutyColleague[] | undefined, exceptId?: string): OnDutyColleague[] {
  const seen = new Set<string>();
  return (onDuty ?? []).filter((a) => a.staff.id !== exceptId && !seen.has(a.staff.id) && seen.add(a.staff.id));
}

/** Picks a colleague on duty now; each option says their shift and when it ends. */
export function OnDutySelect({
  id,
  label,
  colleagues,
  value,
  onChange,
}: {
  id: string;
  label: string;
  colleagues: readonly OnDutyColleague[];
  value: string;
  onChange: (staffId: string) => void;
}) {
  const { tt, locale } = useTicketsI18n();
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} required onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{tt('tk.pick')}</option>
        {colleagues.map((c) => (
          <option key={c.staff.id} value={c.staff.id}>
            {tt('tk.until', {
              name: `${c.staff.name} ${c.staff.employeeNo}`,
              shift: c.shiftType.name,
              time: formatTime(c.endsAt, locale),
            })}
          </option>
        ))}
      </select>
    </Field>
  );
}
