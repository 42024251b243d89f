// Texts of the roster editor's duty and hours figures. Loaded with the lazy roster
// screen, never in the first screen's JavaScript: they translate with `useFiguresI18n`.
import { catalogTranslator, useI18n, type Locale, type Translator } from './i18n';

export const rosterFiguresZhCN = {
  title: '本月值班与工时',
  limits: '标准工时每周 {week} 小时，每月加班不超过 {cap} 小时',
  comprehensive: '综合计算工时制，每月加班不超过 {cap} 小时',
  warnings: '工时超限提醒',
  person: '人员',
  nights: '夜班',
  weekends: '周末',
  holidays: '节假日',
  hours: '工时',
  overtime: '加班',
  weekendsAbbr: '周末',
  holidaysAbbr: '节假',
  overtimeAbbr: '加班',
  week: '{day}起一周 {hours} 小时',
  publishWarn: '有 {count} 条工时超限提醒，发布后员工将按此排班上班。仍要发布吗？',
  back: '返回修改',
  publishAnyway: '仍然发布',
} as const;

export type FiguresKey = keyof typeof rosterFiguresZhCN;

export const rosterFiguresEn: Record<FiguresKey, string> = {
  title: 'Duty and hours this month',
  limits: 'Standard week {week} h, overtime at most {cap} h a month',
  comprehensive: 'Comprehensive hours scheme, overtime at most {cap} h a month',
  warnings: 'Hours over the limits',
  person: 'Person',
  nights: 'Nights',
  weekends: 'Weekends',
  holidays: 'Holidays',
  hours: 'Hours',
  overtime: 'Overtime',
  weekendsAbbr: 'Wknd',
  holidaysAbbr: 'Hol',
  overtimeAbbr: 'OT',
  week: 'week of {day}: {hours} h',
  publishWarn: '{count} warning(s): the roster goes over the lawful hours, and staff will work it once published. Publish anyway?',
  back: 'Back to editing',
  publishAnyway: 'Publish anyway',
};

const translator = catalogTranslator<FiguresKey>({ 'zh-CN': rosterFiguresZhCN, en: rosterFiguresEn });

/** The figures' texts in the UI language (re-renders when the language changes). */
export function useFiguresI18n(): { locale: Locale; ft: Translator<FiguresKey> } {
  const { locale } = useI18n();
  return { locale, ft: translator(locale) };
}
