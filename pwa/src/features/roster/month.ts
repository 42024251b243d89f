// Calendar arithmetic on plain "YYYY-MM" and "YYYY-MM-DD" strings: the server's Date and
// month formats, which carry no time zone and so cannot drift across midnight.

const pad = (n: number) => String(n).padStart(2, '0');

/** The month of a date in a time zone, as YYYY-MM. */
export function monthOf(date: Date, timeZone?: string): string {
  return dayOf(date, timeZone).slice(0, 7);
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayOf(date: Date, timeZone?: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Every day of a month, in order. */
export function monthDays(month: string): string[] {
  return Array.from({ length: daysInMonth(month) }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** 0 for Monday … 6 for Sunday (Chinese calendars start the week on Monday). */
export function weekdayIndex(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The month as weeks of seven cells, Monday first; cells outside the month are null. */
export function monthWeeks(month: string): (string | null)[][] {
  const cells: (string | null)[] = [];
  const days = monthDays(month);
  for (let i = 0; i < weekdayIndex(days[0]!); i++) cells.push(null);
  cells.push(...days);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Days from `from` to `to` inclusive (empty when `to` is before `from`). */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  for (let t = Date.UTC(y, m - 1, d); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > to) break;
    out.push(day);
  }
  return out;
}

/** True when `day` lies in [start, end]. */
export function within(day: string, start: string, end: string): boolean {
  return day >= start && day <= end;
}

/** A date-only string as a Date at UTC noon, for Intl formatting with timeZone 'UTC'. */
export function dateOnly(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}
