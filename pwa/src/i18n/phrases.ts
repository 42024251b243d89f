// Texts of the standard phrases (话术): the picker in the reply composer, the gentle
// suggestion on a forbidden opening and the managers' maintenance in 我的. Loaded with the
// lazy screens that use them: translate with `usePhrasesI18n`.
import { catalogTranslator, useI18n, type Locale, type Translator } from './i18n';

export const phrasesZhCN = {
  'ph.button': '话术',
  'ph.title': '标准话术',
  'ph.none': '暂无可用话术。',
  'ph.loading': '正在加载话术…',
  'ph.situation.GREETING': '问候',
  'ph.situation.ASK_TO_WAIT': '请稍等',
  'ph.situation.APOLOGY': '致歉',
  'ph.situation.THANKS': '致谢',
  'ph.situation.EXPLAIN_DELAY': '说明延误',
  'ph.situation.CLOSING': '结束语',
  'ph.advice': '“{opening}”不宜作为第一句回复。建议先致歉或说明原因，再给出办法：',
  'ph.adviceUse': '换成:{text}',
  'ph.adviceStill': '也可以照常发送。',
  'ph.manage': '话术管理',
  'ph.manageHint': '维护本单位的标准话术，客服在回复工单时一键插入。停用的话术不再提供给客服。',
  'ph.manageOpen': '管理话术',
  'ph.add': '新增话术',
  'ph.edit': '编辑',
  'ph.retire': '停用',
  'ph.restore': '启用',
  'ph.retired': '已停用',
  'ph.inherited': '上级单位的话术(只读)',
  'ph.situation': '使用场景',
  'ph.textZh': '中文话术',
  'ph.textEn': '英文话术',
  'ph.order': '顺序(小的在前)',
  'ph.save': '保存',
  'ph.cancel': '取消',
  'ph.saved': '已保存',
  'ph.failed': '保存失败：{message}',
  'ph.conflict': '该话术已被他人修改，已刷新，请重新编辑。',
  'ph.offline': '离线时不能维护话术，请联网后再试。',
  'ph.usage': '话术使用',
  'ph.usageHint': '本网点 {month} 各人回复工单时使用标准话术的次数，以及以不宜开头语（如“不行”“没办法”）开头的回复数，供辅导参考。',
  'ph.usageNone': '本月还没有记录。',
  'ph.usageCounts': '使用话术 {uses} 次 · 不宜开头 {forbidden} 次',
  'ph.usageTimes': '{n} 次',
} as const;

export type PhrasesKey = keyof typeof phrasesZhCN;

export const phrasesEn: Record<PhrasesKey, string> = {
  'ph.button': 'Phrases',
  'ph.title': 'Standard phrases',
  'ph.none': 'No phrases yet.',
  'ph.loading': 'Loading phrases…',
  'ph.situation.GREETING': 'Greeting',
  'ph.situation.ASK_TO_WAIT': 'Asking to wait',
  'ph.situation.APOLOGY': 'Apology',
  'ph.situation.THANKS': 'Thanks',
  'ph.situation.EXPLAIN_DELAY': 'Explaining a delay',
  'ph.situation.CLOSING': 'Closing',
  'ph.advice': '“{opening}” is not a good first answer. Try apologising or explaining first, then offer what you can do:',
  'ph.adviceUse': 'Use: {text}',
  'ph.adviceStill': 'You can still send it as it is.',
  'ph.manage': 'Standard phrases',
  'ph.manageHint': "Maintain your unit's standard phrases; agents insert them with one tap when replying on a ticket. Retired phrases are no longer offered.",
  'ph.manageOpen': 'Manage phrases',
  'ph.add': 'Add a phrase',
  'ph.edit': 'Edit',
  'ph.retire': 'Retire',
  'ph.restore': 'Bring back',
  'ph.retired': 'Retired',
  'ph.inherited': "A higher unit's phrase (read only)",
  'ph.situation': 'Situation',
  'ph.textZh': 'Chinese text',
  'ph.textEn': 'English text',
  'ph.order': 'Order (lower first)',
  'ph.save': 'Save',
  'ph.cancel': 'Cancel',
  'ph.saved': 'Saved',
  'ph.failed': 'Could not save: {message}',
  'ph.conflict': 'Someone else changed this phrase; it has been refreshed, edit it again.',
  'ph.offline': 'Phrases cannot be maintained offline; try again when online.',
  'ph.usage': 'Use of phrases',
  'ph.usageHint': "How often each person replying from your depot used standard phrases in {month}, and how many replies opened with a forbidden phrase (such as 不行 or 没办法), for coaching.",
  'ph.usageNone': 'Nothing recorded this month yet.',
  'ph.usageCounts': 'Phrases used {uses} times · forbidden openings {forbidden}',
  'ph.usageTimes': '{n}×',
};

const translator = catalogTranslator<PhrasesKey>({ 'zh-CN': phrasesZhCN, en: phrasesEn });

export type PT = Translator<PhrasesKey>;

/** The phrases texts in the UI language (re-renders when the language changes). */
export function usePhrasesI18n(): { locale: Locale; pt: PT } {
  const { locale } = useI18n();
  return { locale, pt: translator(locale) };
}
