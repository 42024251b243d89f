import { describe, expect, it } from 'vitest';
import { addMonths, dayOf, dayRange, monthDays, monthOf, monthWeeks, weekdayIndex } from './month';

describe('month arithmetic', () => {
  it('moves across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', 0)).toBe('2026-05');
  });
  it('knows month lengths, leap years included', () => {
    expect(monthDays('2028-02')).toHaveLength(29);
    expect(monthDays('2026-02')).toHaveLength(28);
    expect(monthDays('2026-12').at(-1)).toBe('2026-12-31');
  });
  it('starts weeks on Monday', () => {
    expect(weekdayIndex('2026-12-01')).toBe(1); // a Tuesday
    const weeks = monthWeeks('2026-12');
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
  });
  it('takes the day in the depot time zone, not the phone’s', () => {
    const lateUtc = new Date('2026-11-30T17:00:00Z');
    expect(dayOf(lateUtc, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(monthOf(lateUtc, 'UTC')).toBe('2026-11');
  });
  it('lists a range inclusively', () => {
    expect(dayRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(dayRange('2026-12-02', '2026-12-01')).toEqual([]);
  });
});
