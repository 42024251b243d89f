// Texts of the availability screens (可用时间 in 排班, the marks in the roster editor).
// Loaded with those lazy screens, never in the first screen's JavaScript: they translate
// with `useAvailabilityI18n`.
import { catalogTranslator, useI18n, type Locale, type Translator } from './i18n';

export const availabilityZhCN = {
  'avail.view': '可用时间',
  'avail.title': '我不方便上班的时间',
  'avail.hint': '标记您不能上班或尽量不排班的日期或时段，并说明原因。主管排班时会看到并收到提醒；原因只有您和主管可见。',
  'avail.day': '日期',
  'avail.kind': '类型',
  'avail.unavailable': '不能上班',
  'avail.preferNot': '尽量不排',
  'avail.wholeDay': '全天',
  'avail.from': '开始时间',
  'avail.to': '结束时间',
  'avail.reason': '原因',
  'avail.submit': '标记',
  'avail.sent': '已标记。',
  'avail.queued': '已保存，联网后自动发送。',
  'avail.none': '本月还没有标记。',
  'avail.loading': '正在加载…',
  'avail.remove': '删除',
  'avail.removeLabel': '删除 {day} 的标记',
  'avail.mine': '本月的标记',
  'avail.editor.title': '与可用时间冲突',
  'avail.editor.marks': '本月员工标记 {count} 条',
  'avail.cell.unavailable': '已标记不能上班',
  'avail.cell.preferNot': '希望尽量不排',
} as const;

export type AvailabilityKey = keyof typeof availabilityZhCN;

export const availabilityEn: Record<AvailabilityKey, string> = {
  'avail.view': 'Availability',
  'avail.title': 'When I cannot work',
  'avail.hint': 'Mark days or times you cannot work or would rather not, with a reason. Your supervisor sees them and is warned when rostering; only you and your supervisors see the reason.',
  'avail.day': 'Day',
  'avail.kind': 'Kind',
  'avail.unavailable': 'Cannot work',
  'avail.preferNot': 'Rather not',
  'avail.wholeDay': 'Whole day',
  'avail.from': 'From',
  'avail.to': 'To',
  'avail.reason': 'Reason',
  'avail.submit': 'Mark',
  'avail.sent': 'Marked.',
  'avail.queued': 'Saved; it will be sent when you are online.',
  'avail.none': 'No marks this month.',
  'avail.loading': 'Loading…',
  'avail.remove': 'Remove',
  'avail.removeLabel': 'Remove the mark on {day}',
  'avail.mine': 'Marks this month',
  'avail.editor.title': 'Against availability',
  'avail.editor.marks': '{count} mark(s) by staff this month',
  'avail.cell.unavailable': 'Marked unavailable',
  'avail.cell.preferNot': 'Would rather not',
};

const translator = catalogTranslator<AvailabilityKey>({ 'zh-CN': availabilityZhCN, en: availabilityEn });

/** The availability texts in the UI language (re-renders when the language changes). */
export function useAvailabilityI18n(): { locale: Locale; at: Translator<AvailabilityKey> } {
  const { locale } = useI18n();
  return { locale, at: translator(locale) };
}
