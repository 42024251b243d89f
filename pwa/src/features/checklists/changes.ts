// The checklists' writes as outbox changes: saved on the phone first (a photo as its JPEG
// blob), sent with their idempotency key, shown as 待同步 until the server answers, refusals
// kept with the server's reason and code.
import type { MessageKey } from '../../i18n/messages';
import type { ChecklistItemInput, ChecklistKind, NoticeKind } from '../../graphql/schema-types';
import type { PhotoPlace } from '../../photos/place';

interface Base {
  /** When the person acted, on the device (RFC 3339). */
  occurredAt: string;
  /** What the change is about, in words for the queue (for example "工牌 · 不合格"). */
  summary: string;
}

export type ChecklistChange = Base &
  (
    | { type: 'startSelfCheck'; shiftId: string; kind: ChecklistKind }
    | { type: 'startInspection'; staffId: string; kind: ChecklistKind }
    | {
        type: 'answerChecklistItem';
        checkId: string;
        checkItemId: string;
        passed: boolean;
        note: string;
        /** The resized photo, uploaded just before the answer is sent. */
        photo: Blob | null;
        /** When the photo was taken. */
        capturedAt: string | null;
        /** Where, when the person consented. */
        place?: PhotoPlace | null;
      }
    | { type: 'raiseCorrectiveAction'; checkId: string; checkItemId: string; assigneeId: string; dueOn: string; description: string }
    | { type: 'completeCorrectiveAction' | 'verifyCorrectiveAction'; actionId: string; version: number; note: string }
    | { type: 'markNoticeRead'; noticeId: string }
    | { type: 'remindUnreadNotice'; noticeId: string }
    | { type: 'publishNotice'; kind: NoticeKind; title: string; body: string; depotId: string | null }
    | { type: 'signOffScoreSheet'; staffId: string; month: string; comment: string }
    | { type: 'reviseChecklistTemplate'; kind: ChecklistKind; titleZh: string; titleEn: string; items: ChecklistItemInput[] }
    | { type: 'setDressCode'; staffId: string; profileCode: string }
  );

export type ChecklistChangeType = ChecklistChange['type'];

/** How the queue names a checklist change: its kind, then what it is about. */
export function describeChecklistChange(change: ChecklistChange, t: (key: MessageKey) => string): string {
  const title = t(`ck.change.${change.type}`);
  return change.summary ? `${title} · ${change.summary}` : title;
}
