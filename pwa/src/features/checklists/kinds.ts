// The checklist feature's outbox changes, registered with the outbox at start-up. Their
// sender loads with the first checklist change sent (lazy import), not with the first screen.
import { registerChangeKind } from '../../outbox/registry';
import { describeChecklistChange, type ChecklistChange } from './changes';

export const isChecklistChange = registerChangeKind<ChecklistChange>({
  feature: 'checklists',
  types: {
    startSelfCheck: true,
    startInspection: true,
    answerChecklistItem: true,
    raiseCorrectiveAction: true,
    completeCorrectiveAction: true,
    verifyCorrectiveAction: true,
    markNoticeRead: true,
    remindUnreadNotice: true,
    publishNotice: true,
    signOffScoreSheet: true,
    reviseChecklistTemplate: true,
    setDressCode: true,
  },
  send: async (item) => (await import('./send')).sendChecklistChange(item),
  describe: describeChecklistChange,
});
