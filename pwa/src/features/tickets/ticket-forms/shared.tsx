// What the ticket forms share: the ticket they act on, the caller, how they close.
import type { StaffSummary } from '../../../session/session';
import type { TicketDetailFragment } from '../tickets.generated';

export type Ticket = TicketDetailFragment;

export interface FormProps {
  ticket: Ticket;
  staff: StaffSummary;
  done: () => void;
}

export function Submit({ label }: { label: string }) {
  return (
    <button type="submit" class="btn primary block">
      {label}
    </button>
  );
}

/** "12.50" (yuan) to 1250 fen; null when not a positive amount. */
export function toFen(yuan: string): number | null {
  const n = Number(yuan.replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n * 100);
}

/** A datetime-local value ("2026-11-24T18:00") for a date, in the phone's time zone. */
export function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
