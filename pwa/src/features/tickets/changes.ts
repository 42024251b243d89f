// The tickets' writes as outbox changes. Each carries `label`, the line the 待同步 queue shows,
// written in the UI language when the person acted, so no tickets text has to ship with the
// first screen. Sending lives in send.ts, loaded on demand.
import type {
  CustomerConfirmation,
  Decision,
  ExternalContactInput,
  FollowUpInput,
  OverShortKind,
  ResponsiblePartyKind,
  TicketExceptionKind,
  TicketKind,
  TicketState,
} from '../../graphql/schema-types';
import type { PhotoToUpload } from '../../photos/upload';

interface Base {
  /** What the queue shows, for example "升级工单到 L1 · 外包装破损". */
  label: string;
}

/** A write on an existing ticket: the version the person saw guards against lost updates. */
interface OnTicket {
  ticketId: string;
  expectedVersion: number;
}

export type TicketChange = Base &
  (
    | { type: 'createTicketFromOrder'; orderId: string; waybill: string; kind: TicketKind; exceptionKind: TicketExceptionKind | null; /** What the problem is (required by the server; absent on changes queued by older versions). */ note?: string }
    | { type: 'createTicket'; kind: TicketKind; summary: string; customerName: string; customerPhone: string }
    | { type: 'addTicketCause'; category: string; name: string }
    | { type: 'retireTicketCause'; causeId: string }
    | {
        type: 'addTicketComment';
        ticketId: string;
        body: string;
        /** Uploaded just before the comment is sent (absent on changes queued before photos). */
        photos?: PhotoToUpload[];
        /** The standard phrase (话术) the reply was built from, counted with it. */
        phraseId?: string;
      }
    | ({ type: 'changeTicketState'; state: TicketState; note: string | null } & OnTicket)
    | ({ type: 'resolveTicket'; resolution: string; cause: string | null; causeId?: string | null } & OnTicket)
    | ({ type: 'closeTicket'; followUp: FollowUpInput } & OnTicket)
    | ({ type: 'escalateTicket'; reason: string; externalContact: ExternalContactInput | null } & OnTicket)
    | { type: 'handOverTickets'; ticketIds: string[]; toStaffId: string; note: string }
    | ({ type: 'assignTicket'; assigneeId: string; note: string } & OnTicket)
    | ({
        type: 'restateTicket';
        problem: string;
        cause: string | null;
        responsibleKind: ResponsiblePartyKind | null;
        responsibleName: string | null;
        plan: string;
        promisedAt: string;
      } & OnTicket)
    | ({ type: 'confirmTicketRestatement'; via: CustomerConfirmation; confirmedAt: string } & OnTicket)
    | { type: 'proposeClaim'; ticketId: string; amountFen: number; reason: string }
    | {
        type: 'decideClaim';
        ticketId: string;
        claimId: string;
        expectedVersion: number;
        decision: Decision;
        approvedFen: number | null;
        comment: string | null;
      }
    | { type: 'payClaim'; ticketId: string; claimId: string; expectedVersion: number; paymentRef: string }
    | { type: 'reviewOverShortGoods'; reportId: string; expectedVersion: number; decision: Decision; comment: string }
    | {
        type: 'reportOverShortGoods';
        /** The ticket the goods came up on, if any. */
        ticketId: string | null;
        kind: OverShortKind;
        goodsName: string;
        counter: string;
        clearingDate: string;
        waybillNo: string | null;
        description: string | null;
        /** Names of the people present at the opening (absent on changes queued before). */
        witnesses?: string[];
        /** Uploaded just before the report is sent; at least one. */
        photos: PhotoToUpload[];
      }
  );

export type TicketChangeType = TicketChange['type'];

/** How the queue names a ticket change. */
export function describeTicketChange(change: TicketChange): string {
  return change.label;
}

/** The tickets a queued change is about, so the ticket screen can show it in place. */
export function ticketsOf(change: TicketChange): readonly string[] {
  switch (change.type) {
    case 'createTicketFromOrder':
    case 'createTicket':
    case 'reviewOverShortGoods':
    case 'addTicketCause':
    case 'retireTicketCause':
      return [];
    case 'reportOverShortGoods':
      return change.ticketId ? [change.ticketId] : [];
    case 'handOverTickets':
      return change.ticketIds;
    default:
      return [change.ticketId];
  }
}
