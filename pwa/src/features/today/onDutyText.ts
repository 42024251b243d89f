// The words of 当前在岗 (On duty now), kept with the lazily loaded screen that uses them
// rather than in the first screen's message bundle.
import type { Locale } from '../../i18n/i18n';

const text = {
  'zh-CN': {
    notArrived: '未到岗',
    clockedInAt: (time: string) => `${time} 已打卡`,
    title: '当前在岗',
    summary: (n: { on: number; clockedIn: number; late: number; notArrived: number; leave: number }) =>
      `排班在岗 ${n.on} 人：已打卡 ${n.clockedIn}，迟到 ${n.late}，未到岗 ${n.notArrived}，请假 ${n.leave}`,
    empty: '现在没有进行中的班次。',
    list: '当前在岗人员',
  },
  en: {
    notArrived: 'Not arrived',
    clockedInAt: (time: string) => `Clocked in ${time}`,
    title: 'On duty now',
    summary: (n: { on: number; clockedIn: number; late: number; notArrived: number; leave: number }) =>
      `${n.on} rostered now: ${n.clockedIn} clocked in, ${n.late} late, ${n.notArrived} not arrived, ${n.leave} on leave`,
    empty: 'No shift is under way now.',
    list: 'On duty now',
  },
} as const;

export const onDutyText = (locale: Locale) => text[locale];
