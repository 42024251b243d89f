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

/** The largest claim the server takes: ¥1,000,000 (it refuses more as a slip of the finger). */
export const MAX_CLAIM_FEN = 100_000_000;

/**
 * "12.50" (yuan) to 1250 fen; null unless it is a plain amount of yuan with at most two
 * decimals from ¥0.01 to ¥1,000,000, the claim amounts the server accepts (a larger one
 * was queued and came back refused, past ¥21,474,836.47 with GraphQL's 32-bit Int error).
 */
export function toFen(yuan: string): number | null {
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(yuan.trim());
  if (!m) return null;
  const [, whole = '', cents = ''] = m;
  if (whole.length > 7) return null;
  const fen = Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  return fen > 0 && fen <= MAX_CLAIM_FEN ? fen : null;
}

/** A datetime-local value ("2026-11-24T18:00") for a date, in the phone's time zone. */
export function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
