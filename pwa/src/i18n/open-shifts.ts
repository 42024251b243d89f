// Texts of the open shifts screens (空缺班次 in 排班 and the approvals inbox). Loaded with
// those lazy screens, never in the first screen's JavaScript: they translate with
// `useOpenShiftsI18n`.
import { catalogTranslator, useI18n, type Locale, type Translator } from './i18n';

export const openShiftsZhCN = {
  'open.gap.posted': '已发布空缺班次 {count} 个',
  'open.gap.post': '发布为空缺班次',
  'open.gap.sent': '已发布为空缺班次，同事可认领。',
  'open.view': '空缺班次',
  'open.title': '可认领的空缺班次',
  'open.hint': '主管发布的空缺班次中，您当天可以上的都在这里。认领后由主管确认一位同事接班。',
  'open.none': '暂时没有您可以认领的空缺班次。',
  'open.loading': '正在加载空缺班次…',
  'open.claim': '认领',
  'open.withdraw': '撤回认领',
  'open.claimed': '已认领，等待主管确认',
  'open.needsQualification': '需上岗资格',
  'open.note': '备注：{note}',
  'open.post.title': '发布空缺班次',
  'open.post.day': '日期',
  'open.post.shiftType': '班次',
  'open.post.note': '备注（可选）',
  'open.post.submit': '发布',
  'open.post.sent': '已发布空缺班次。',
  'open.claimants': '认领人',
  'open.confirm': '确认 {name} 接班',
  'open.approvals.title': '空缺班次认领',
  'open.posted.title': '已发布的空缺班次',
  'open.posted.none': '目前没有待认领的空缺班次。',
  'open.posted.claims': '{count} 人认领',
  'open.cancel': '取消此班次',
  'open.cancel.ask': '取消后认领的同事会收到通知。确定取消？',
  'open.cancel.yes': '确定取消',
  'open.cancel.no': '不取消',
} as const;

export type OpenShiftsKey = keyof typeof openShiftsZhCN;

export const openShiftsEn: Record<OpenShiftsKey, string> = {
  'open.gap.posted': '{count} open shift(s) posted',
  'open.gap.post': 'Post as an open shift',
  'open.gap.sent': 'Posted as an open shift; colleagues can claim it.',
  'open.view': 'Open shifts',
  'open.title': 'Open shifts you can take',
  'open.hint': 'Open shifts your supervisor posted that you may work are listed here. Claim one; the supervisor confirms one colleague.',
  'open.none': 'No open shifts you can take right now.',
  'open.loading': 'Loading open shifts…',
  'open.claim': 'Claim',
  'open.withdraw': 'Withdraw claim',
  'open.claimed': 'Claimed; waiting for the supervisor',
  'open.needsQualification': 'Qualification needed',
  'open.note': 'Note: {note}',
  'open.post.title': 'Post an open shift',
  'open.post.day': 'Day',
  'open.post.shiftType': 'Shift',
  'open.post.note': 'Note (optional)',
  'open.post.submit': 'Post',
  'open.post.sent': 'Open shift posted.',
  'open.claimants': 'Claimants',
  'open.confirm': 'Confirm {name}',
  'open.approvals.title': 'Open shift claims',
  'open.posted.title': 'Posted open shifts',
  'open.posted.none': 'No open shifts are waiting to be claimed.',
  'open.posted.claims': '{count} claim(s)',
  'open.cancel': 'Cancel this shift',
  'open.cancel.ask': 'Colleagues who claimed it will be told. Cancel it?',
  'open.cancel.yes': 'Yes, cancel',
  'open.cancel.no': 'Keep it',
};

const translator = catalogTranslator<OpenShiftsKey>({ 'zh-CN': openShiftsZhCN, en: openShiftsEn });

/** The open shifts' texts in the UI language (re-renders when the language changes). */
export function useOpenShiftsI18n(): { locale: Locale; ot: Translator<OpenShiftsKey> } {
  const { locale } = useI18n();
  return { locale, ot: translator(locale) };
}
