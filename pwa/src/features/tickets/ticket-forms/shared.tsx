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

/** A claim's reason: 2 to 500 characters after trimming, as the server's proposeClaim takes it. */
export const CLAIM_REASON_MIN = 2;
export const CLAIM_REASON_MAX = 500;

/**
 * Why the server would refuse text as a claim's reason, or null when it takes it. The same
 * rule as the server's free-text check (internal/text, a multi-line field): trim Unicode white
 * space (the full-width space too), normalise to NFC, count characters (code points, as Go
 * counts runes, so an emoji is one); text of only white space or invisible format characters
 * is blank, hence too short; control characters other than line breaks and tabs (NUL
 * included) and bidirectional overrides are refused, whatever the length.
 */
export function claimReasonProblem(reason: string): 'tk.claimReasonLength' | 'tk.claimReasonControl' | null {
  if (!/[^\p{White_Space}\p{Cf}]/u.test(reason)) return 'tk.claimReasonLength';
  const text = reason.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '').normalize('NFC');
  if (/[\u202a-\u202e\u2066-\u2069]|(?![\t\n\r])\p{Cc}/u.test(text)) return 'tk.claimReasonControl';
  const n = [...text].length;
  return n < CLAIM_REASON_MIN || n > CLAIM_REASON_MAX ? 'tk.claimReasonLength' : null;
}

/** A datetime-local value ("2026-11-24T18:00") for a date, in the phone's time zone. */
export function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
