// Sends a queued ticket change. Loaded on demand by the outbox, so the mutations' documents
// stay out of the first screen's JavaScript.
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { client } from '../../graphql/client';
import { outcomeOf } from '../../outbox/outcome';
import type { OutboxItem, SendOutcome } from '../../outbox/types';
import { uploadPhotos } from '../../photos/upload';
import { freshAccessToken } from '../../session/session';
import type { TicketChange } from './changes';
import { createdTicket } from './created';
import {
  AddTicketCauseDocument,
  AddTicketCommentDocument,
  AssignTicketDocument,
  ChangeTicketStateDocument,
  CloseTicketDocument,
  CreateTicketDocument,
  CreateTicketFromOrderDocument,
  DecideClaimDocument,
  EscalateTicketDocument,
  HandOverTicketsDocument,
  PayClaimDocument,
  ProposeClaimDocument,
  ResolveTicketDocument,
  RestateTicketDocument,
  ConfirmTicketRestatementDocument,
  ReportOverShortGoodsDocument,
  ReviewOverShortGoodsDocument,
  TicketByIdDocument,
  RetireTicketCauseDocument,
} from './tickets.generated';


function mutate<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V) {
  return client.mutation(doc, variables, { requestPolicy: 'network-only' }).toPromise();
}

// When this phone's own earlier write moved a ticket (or claim) from version v to w, a later
// queued write that saw v really saw w: escalating then resolving offline must not conflict
// with itself. A write by anyone else still conflicts, as it should.
const ownVersions = new Map<string, number>();
function chained(id: string, seen: number): number {
  let v = seen;
  for (let next = ownVersions.get(`${id}@${v}`); next !== undefined; next = ownVersions.get(`${id}@${v}`)) v = next;
  return v;
}
function remember(id: string, from: number, to: number | undefined): void {
  if (to !== undefined && to !== from) ownVersions.set(`${id}@${from}`, to);
}

async function refreshTicket(id: string): Promise<void> {
  await client.query(TicketByIdDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
}

/** Sends one queued ticket write with its idempotency key. */
export async function sendTicketChange(item: OutboxItem<TicketChange>): Promise<SendOutcome> {
  if (!(await freshAccessToken())) return { kind: 'retry' };
  const change = item.change;
  const idempotencyKey = item.key;
  switch (change.type) {
    case 'createTicketFromOrder': {
      const { orderId, kind, exceptionKind, note } = change;
      const r = await mutate(CreateTicketFromOrderDocument, { input: { idempotencyKey, orderId, kind, exceptionKind, note: note ?? null } });
      const id = r.data?.createTicketFromOrder.ticket.id;
      if (id) createdTicket(idempotencyKey, id);
      return outcomeOf(r.error);
    }
    case 'createTicket': {
      const { kind, summary, customerName, customerPhone } = change;
      const r = await mutate(CreateTicketDocument, { input: { idempotencyKey, kind, summary, customerName, customerPhone } });
      const id = r.data?.createTicket.ticket.id;
      if (id) createdTicket(idempotencyKey, id);
      return outcomeOf(r.error);
    }
    case 'addTicketComment': {
      const up = await uploadPhotos(change.photos ?? []);
      if (up.kind === 'fail') return up.outcome;
      const r = await mutate(AddTicketCommentDocument, {
        input: { idempotencyKey, ticketId: change.ticketId, body: change.body, photoRefs: up.photoIds, phraseId: change.phraseId ?? null },
      });
      return outcomeOf(r.error);
    }
    case 'addTicketCause':
      // Adding a cause the organisation has returns it, so a retry needs no key.
      return outcomeOf((await mutate(AddTicketCauseDocument, { input: { category: change.category, name: change.name } })).error);
    case 'retireTicketCause':
      return outcomeOf((await mutate(RetireTicketCauseDocument, { input: { causeId: change.causeId } })).error);
    case 'assignTicket': {
      const v = chained(change.ticketId, change.expectedVersion);
      const { ticketId, assigneeId, note } = change;
      const r = await mutate(AssignTicketDocument, { input: { idempotencyKey, ticketId, expectedVersion: v, assigneeId, note } });
      remember(ticketId, v, r.data?.assignTicket.ticket.version);
      return outcomeOf(r.error);
    }
    case 'reportOverShortGoods': {
      const up = await uploadPhotos(change.photos);
      if (up.kind === 'fail') return up.outcome;
      const { ticketId, kind, goodsName, counter, clearingDate, waybillNo, description } = change;
      const witnesses = (change.witnesses ?? []).map((name) => ({ name }));
      const r = await mutate(ReportOverShortGoodsDocument, {
        input: { idempotencyKey, ticketId, kind, goodsName, counter, clearingDate, waybillNo, description, photoRefs: up.photoIds, witnesses },
      });
      return outcomeOf(r.error);
    }
    case 'changeTicketState': {
      const v = chained(change.ticketId, change.expectedVersion);
      const r = await mutate(ChangeTicketStateDocument, {
        input: { idempotencyKey, ticketId: change.ticketId, expectedVersion: v, state: change.state, note: change.note },
      });
      remember(change.ticketId, v, r.data?.changeTicketState.ticket.version);
      return outcomeOf(r.error);
    }
    case 'resolveTicket': {
      const v = chained(change.ticketId, change.expectedVersion);
      const r = await mutate(ResolveTicketDocument, {
        input: { idempotencyKey, ticketId: change.ticketId, expectedVersion: v, resolution: change.resolution, cause: change.cause, causeId: change.causeId ?? null },
      });
      remember(change.ticketId, v, r.data?.resolveTicket.ticket.version);
      return outcomeOf(r.error);
    }
    case 'closeTicket': {
      const v = chained(change.ticketId, change.expectedVersion);
      const r = await mutate(CloseTicketDocument, {
        input: { idempotencyKey, ticketId: change.ticketId, expectedVersion: v, followUp: change.followUp },
      });
      remember(change.ticketId, v, r.data?.closeTicket.ticket.version);
      return outcomeOf(r.error);
    }
    case 'escalateTicket': {
      const v = chained(change.ticketId, change.expectedVersion);
      const r = await mutate(EscalateTicketDocument, {
        input: { idempotencyKey, ticketId: change.ticketId, expectedVersion: v, reason: change.reason, externalContact: change.externalContact },
      });
      remember(change.ticketId, v, r.data?.escalateTicket.ticket.version);
      return outcomeOf(r.error);
    }
    case 'handOverTickets': {
      const { ticketIds, toStaffId, note } = change;
      const r = await mutate(HandOverTicketsDocument, { input: { idempotencyKey, ticketIds, toStaffId, note } });
      return outcomeOf(r.error);
    }
    case 'restateTicket': {
      const v = chained(change.ticketId, change.expectedVersion);
      const { ticketId, problem, cause, responsibleKind, responsibleName, plan, promisedAt } = change;
      const r = await mutate(RestateTicketDocument, {
        input: { idempotencyKey, ticketId, expectedVersion: v, problem, cause, responsibleKind, responsibleName, plan, promisedAt },
      });
      remember(ticketId, v, r.data?.restateTicket.ticket.version);
      return outcomeOf(r.error);
    }
    case 'confirmTicketRestatement': {
      const v = chained(change.ticketId, change.expectedVersion);
      const { ticketId, via, confirmedAt } = change;
      const r = await mutate(ConfirmTicketRestatementDocument, { input: { idempotencyKey, ticketId, expectedVersion: v, via, confirmedAt } });
      remember(ticketId, v, r.data?.confirmTicketRestatement.ticket.version);
      return outcomeOf(r.error);
    }
    case 'proposeClaim': {
      const { ticketId, amountFen, reason } = change;
      const r = await mutate(ProposeClaimDocument, { input: { idempotencyKey, ticketId, amountFen, reason } });
      if (!r.error) await refreshTicket(ticketId);
      return outcomeOf(r.error);
    }
    case 'decideClaim': {
      const v = chained(change.claimId, change.expectedVersion);
      const { claimId, decision, approvedFen, comment } = change;
      const r = await mutate(DecideClaimDocument, { input: { idempotencyKey, claimId, expectedVersion: v, decision, approvedFen, comment } });
      remember(claimId, v, r.data?.decideClaim.claim.version);
      if (!r.error) await refreshTicket(change.ticketId);
      return outcomeOf(r.error);
    }
    case 'payClaim': {
      const v = chained(change.claimId, change.expectedVersion);
      const r = await mutate(PayClaimDocument, {
        input: { idempotencyKey, claimId: change.claimId, expectedVersion: v, paymentRef: change.paymentRef },
      });
      remember(change.claimId, v, r.data?.payClaim.claim.version);
      if (!r.error) await refreshTicket(change.ticketId);
      return outcomeOf(r.error);
    }
    case 'reviewOverShortGoods': {
      const { reportId, decision, comment } = change;
      const v = chained(reportId, change.expectedVersion);
      const r = await mutate(ReviewOverShortGoodsDocument, { input: { idempotencyKey, reportId, expectedVersion: v, decision, comment } });
      remember(reportId, v, r.data?.reviewOverShortGoods.report.version);
      return outcomeOf(r.error);
    }
  }
}
