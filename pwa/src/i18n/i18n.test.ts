import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, zhCN } from './messages';
import { formatDateLong, formatDateTime, formatNumber, formatTime, getLocale, setLocale, translate } from './i18n';
import { rosterScreensEn, rosterScreensZhCN } from './roster-screens';

describe('messages', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(en[key]), key).toEqual(holes(zhCN[key]));
    }
  });
  it('has the lazy roster screens\' texts in both languages, registered once their module loads', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(rosterScreensZhCN) as (keyof typeof rosterScreensZhCN)[]) {
      expect(holes(rosterScreensEn[key]), key).toEqual(holes(rosterScreensZhCN[key]));
      expect(key in zhCN, `${key} is in the first screen's catalogue too`).toBe(false);
    }
    expect(translate('zh-CN', 'roster.prevMonth')).toBe(rosterScreensZhCN['roster.prevMonth']);
    expect(translate('en', 'roster.prevMonth')).toBe(rosterScreensEn['roster.prevMonth']);
  });
  it('uses the words the users see', () => {
    expect(zhCN['outbox.title']).toBe('待同步');
    expect(en['outbox.title']).toBe('Pending sync');
    expect(zhCN['nav.today']).toBe('今日');
    expect(en['nav.today']).toBe('Today');
    expect(zhCN['sw.needRefresh']).toBe('新版本可用');
  });
});

describe('translate and locale', () => {
  it('fills placeholders', () => {
    expect(translate('zh-CN', 'today.greeting', { name: '张伟' })).toBe('您好，张伟');
    expect(translate('en', 'outbox.count', { count: 2 })).toBe('2 pending sync');
  });
  it('defaults to zh-CN and persists a switch', () => {
    expect(getLocale()).toBe('zh-CN');
    setLocale('en');
    expect(localStorage.getItem('cs.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    setLocale('zh-CN');
  });
  it('formats numbers with Intl', () => {
    expect(formatNumber(1600, 'en')).toBe('1,600');
  });
});

describe('dates and times on the carrier\'s clock', () => {
  // A phone set to another zone (a traveller, a phone left on UTC) still shows the
  // night shift as 21:00 and today's date as Shanghai's: the roster and the server count
  // days and shifts in Asia/Shanghai.
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/London';
  });
  afterAll(() => {
    process.env.TZ = saved;
  });
  it('is not the phone\'s zone', () => {
    expect(new Date('2026-12-08T13:00:00Z').getHours()).toBe(13);
  });
  it('formats times, dates and date-times in Asia/Shanghai', () => {
    expect(formatTime('2026-12-08T13:00:00Z', 'zh-CN')).toBe('21:00');
    expect(formatTime('2026-12-08T13:00:00Z', 'en')).toBe('09:00 PM');
    // 05:05 in Shanghai on the 8th is still the 7th in London.
    expect(formatDateLong(new Date('2026-12-07T21:05:00Z'), 'zh-CN')).toBe('2026年12月8日星期二');
    expect(formatDateTime('2026-12-07T21:05:00Z', 'en')).toBe('Dec 8, 2026, 5:05 AM');
  });
});
