// Texts of the checklists feature that the first screen needs: the Today cards, the titles
// of its screens and of its queued changes. The screens' own texts load with the screens
// (src/i18n/checklists-screens.ts).
export const checklistsZhCN = {
  'ck.nav.checks': '今日自检',
  'ck.nav.notices': '通知',
  'ck.nav.inspect': '检查与评分',
  'ck.today.checksHint': '仪容仪表与岗前自检，一分钟完成',
  'ck.today.noticesHint': '运价、线路变更和公司公告',
  'ck.approvals.inspectHint': '抽查在岗同事、月度评分表',
  'ck.change.startSelfCheck': '开始自检',
  'ck.change.startInspection': '开始抽查',
  'ck.change.answerChecklistItem': '检查项',
  'ck.change.raiseCorrectiveAction': '发起整改',
  'ck.change.completeCorrectiveAction': '整改完成',
  'ck.change.verifyCorrectiveAction': '确认整改',
  'ck.change.markNoticeRead': '已读通知',
  'ck.change.remindUnreadNotice': '提醒阅读通知',
  'ck.change.publishNotice': '发布通知',
  'ck.change.signOffScoreSheet': '评分表签字',
  'ck.change.reviseChecklistTemplate': '发布检查表新版本',
  'ck.change.setDressCode': '着装规范',
} as const;

export const checklistsEn: Record<keyof typeof checklistsZhCN, string> = {
  'ck.nav.checks': "Today's self-check",
  'ck.nav.notices': 'Notices',
  'ck.nav.inspect': 'Checks and scores',
  'ck.today.checksHint': 'Appearance and pre-shift check in under a minute',
  'ck.today.noticesHint': 'Rate and route changes, company announcements',
  'ck.approvals.inspectHint': 'Inspect a colleague on duty, monthly score sheets',
  'ck.change.startSelfCheck': 'Start self-check',
  'ck.change.startInspection': 'Start inspection',
  'ck.change.answerChecklistItem': 'Checklist item',
  'ck.change.raiseCorrectiveAction': 'Raise corrective action',
  'ck.change.completeCorrectiveAction': 'Corrective action done',
  'ck.change.verifyCorrectiveAction': 'Verify corrective action',
  'ck.change.markNoticeRead': 'Notice read',
  'ck.change.remindUnreadNotice': 'Reminder to read a notice',
  'ck.change.publishNotice': 'Publish notice',
  'ck.change.signOffScoreSheet': 'Sign off score sheet',
  'ck.change.reviseChecklistTemplate': 'Publish checklist version',
  'ck.change.setDressCode': 'Dress code',
};
