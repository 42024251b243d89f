// Messages of the badges and the Today summary, merged into the catalogue (the push
// settings' texts load with their screen: push-settings.ts).
export const pushZhCN = {
  'counts.title': '待办',
  'counts.swapsToAnswer': '待回复换班',
  'counts.approvalsWaiting': '待审批',
  'counts.unreadNotices': '未读公告',
  'counts.unreadNotifications': '未读通知',
  'counts.ticketsDueSoon': '即将到期工单',
  'counts.nothing': '暂无待办事项。',
  'counts.badge': '{count} 项待办',
  'shifts.title': '我的班次',
  'shifts.none': '两周内没有排班。',
  'shifts.current': '当前班次',
  'shifts.next': '下一班',
  'shifts.after': '再下一班',
  'shifts.with': '同班:{names}',
  'shifts.alone': '本班没有其他同事',
} as const;

export const pushEn: Record<keyof typeof pushZhCN, string> = {
  'counts.title': 'Waiting for you',
  'counts.swapsToAnswer': 'Swaps to answer',
  'counts.approvalsWaiting': 'Approvals',
  'counts.unreadNotices': 'Unread notices',
  'counts.unreadNotifications': 'Unread notifications',
  'counts.ticketsDueSoon': 'Tickets due soon',
  'counts.nothing': 'Nothing waits for you.',
  'counts.badge': '{count} waiting',
  'shifts.title': 'My shifts',
  'shifts.none': 'No shifts in the next two weeks.',
  'shifts.current': 'On now',
  'shifts.next': 'Next shift',
  'shifts.after': 'After that',
  'shifts.with': 'With: {names}',
  'shifts.alone': 'Nobody else on this shift',
};
