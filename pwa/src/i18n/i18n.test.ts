import { describe, expect, it } from 'vitest';
import { en, zhCN } from './messages';
import { formatNumber, getLocale, setLocale, translate } from './i18n';
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
