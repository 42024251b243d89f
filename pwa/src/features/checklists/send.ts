// Sends a queued checklist change. Loaded on demand by the outbox, so the mutations'
// documents stay out of the first screen's JavaScript. A photo is uploaded first (see
// photos/upload), then the answer is sent with the photo's id.
import { client } from '../../graphql/client';
import { outcomeOf } from '../../outbox/outcome';
import type { OutboxItem, SendOutcome } from '../../outbox/types';
import { uploadPhoto } from '../../photos/upload';
import type { ChecklistChange } from './changes';
import {
  AnswerChecklistItemDocument,
  CompleteCorrectiveActionDocument,
  MarkNoticeReadDocument,
  PublishNoticeDocument,
  RemindUnreadNoticeDocument,
  RaiseCorrectiveActionDocument,
  ReviseChecklistTemplateDocument,
  SetDressCodeDocument,
  SignOffScoreSheetDocument,
  StartInspectionDocument,
  StartSelfCheckDocument,
  VerifyCorrectiveActionDocument,
} from './checklists.generated';

/** The check a queued inspection start created, by the change's idempotency key. */
const startedChecks = new Map<string, string>();
const startedListeners = new Set<() => void>();
export function startedCheck(key: string): string | undefined {
  return startedChecks.get(key);
}
export function onStartedCheck(fn: () => void): () => void {
  startedListeners.add(fn);
  return () => startedListeners.delete(fn);
}
function rememberStart(key: string, checkId: string | undefined) {
  if (!checkId) return;
  startedChecks.set(key, checkId);
  for (const fn of startedListeners) fn();
}



/** Sends one checklist change with its idempotency key. */
export async function sendChecklistChange(item: OutboxItem<ChecklistChange>): Promise<SendOutcome> {
  const change = item.change;
  const idempotencyKey = item.key;
  const opts = { requestPolicy: 'network-only' as const };
  switch (change.type) {
    case 'startSelfCheck': {
      const { shiftId, kind } = change;
      return outcomeOf((await client.mutation(StartSelfCheckDocument, { input: { idempotencyKey, shiftId, kind } }, opts).toPromise()).error);
    }
    case 'startInspection': {
      const { staffId, kind } = change;
      const result = await client.mutation(StartInspectionDocument, { input: { idempotencyKey, staffId, kind } }, opts).toPromise();
      rememberStart(idempotencyKey, result.data?.startInspection.check.id);
      return outcomeOf(result.error);
    }
    case 'answerChecklistItem': {
      let photoId: string | null = null;
      if (change.photo) {
        const up = await uploadPhoto(change.photo, change.capturedAt, undefined, change.place ?? null);
        if (up.kind === 'fail') return up.outcome;
        photoId = up.photoId;
      }
      const input = { idempotencyKey, checkItemId: change.checkItemId, passed: change.passed, photoId, note: change.note || null };
      return outcomeOf((await client.mutation(AnswerChecklistItemDocument, { input }, opts).toPromise()).error);
    }
    case 'raiseCorrectiveAction': {
      const { checkItemId, assigneeId, dueOn, description } = change;
      const input = { idempotencyKey, checkItemId, assigneeId, dueOn, description };
      return outcomeOf((await client.mutation(RaiseCorrectiveActionDocument, { input }, opts).toPromise()).error);
    }
    case 'completeCorrectiveAction':
    case 'verifyCorrectiveAction': {
      const input = { idempotencyKey, actionId: change.actionId, version: change.version, note: change.note || null };
      const doc = change.type === 'completeCorrectiveAction' ? CompleteCorrectiveActionDocument : VerifyCorrectiveActionDocument;
      return outcomeOf((await client.mutation(doc, { input }, opts).toPromise()).error);
    }
    case 'markNoticeRead':
      return outcomeOf((await client.mutation(MarkNoticeReadDocument, { input: { noticeId: change.noticeId } }, opts).toPromise()).error);
    case 'remindUnreadNotice': {
      // The key makes a retry remind nobody twice.
      const input = { idempotencyKey, noticeId: change.noticeId };
      return outcomeOf((await client.mutation(RemindUnreadNoticeDocument, { input }, opts).toPromise()).error);
    }
    case 'publishNotice': {
      const { kind, title, body, depotId } = change;
      const input = { idempotencyKey, kind, title, body, depotId };
      return outcomeOf((await client.mutation(PublishNoticeDocument, { input }, opts).toPromise()).error);
    }
    case 'signOffScoreSheet': {
      const { staffId, month, comment } = change;
      const input = { idempotencyKey, staffId, month, comment: comment || null };
      return outcomeOf((await client.mutation(SignOffScoreSheetDocument, { input }, opts).toPromise()).error);
    }
    case 'reviseChecklistTemplate': {
      const { kind, titleZh, titleEn, items } = change;
      const input = { idempotencyKey, kind, titleZh, titleEn, items };
      return outcomeOf((await client.mutation(ReviseChecklistTemplateDocument, { input }, opts).toPromise()).error);
    }
    case 'setDressCode': {
      // Setting the same profile again changes nothing, so a retry needs no key.
      const input = { staffId: change.staffId, profileCode: change.profileCode };
      return outcomeOf((await client.mutation(SetDressCodeDocument, { input }, opts).toPromise()).error);
    }
  }
}
