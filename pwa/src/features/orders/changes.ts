// The order and tracking writes that go through the outbox: what is saved on the phone
// (without the idempotency key, which the outbox adds) and how each one is sent.
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { client } from '../../graphql/client';
import type {
  ConfirmArrivalInput,
  CustomerRequestsInput,
  DeliveryService,
  GoodsInput,
  HandlingInput,
  OrderContactInput,
  OrderElement,
  OrderStage,
  ReturnKind,
  ReturnReason,
  TrackingEventInput,
} from '../../graphql/schema-types';
import { outcomeOf } from '../../outbox/outcome';
import type { OutboxItem, SendOutcome } from '../../outbox/types';
import { uploadPhoto } from '../../photos/upload';
import { freshAccessToken } from '../../session/session';
import {
  AdvanceOrderStageDocument,
  CancelOrderDocument,
  CancelPrintedOrderDocument,
  ChangeOrderAddressDocument,
  ChangeOrderGoodsDocument,
  ConfirmArrivalDocument,
  IntakeOrderDocument,
  MarkTrackingRoundItemDocument,
  OpenOrderReturnDocument,
  OrderByWaybillDocument,
  RecordTrackingEventsDocument,
  ReleaseOrderDocument,
  VerifyOrderDocument,
} from './orders.generated';

export interface IntakeFields {
  consignor: OrderContactInput;
  consignee: OrderContactInput;
  goods: GoodsInput;
  service: DeliveryService;
  requiredArrivalAt?: string | null;
  handling: HandlingInput;
  requests: CustomerRequestsInput;
  receiptReturn?: boolean;
  /** The quote taken, if any (global id). */
  quoteId?: string | null;
}

/** A write on an existing order: the version the person saw guards against lost updates. */
interface OnOrder {
  orderId: string;
  waybillNo: string;
  expectedVersion: number;
}

export type OrderChange =
  | { type: 'intakeOrder'; input: IntakeFields }
  | ({ type: 'verifyOrder'; elements: OrderElement[]; note?: string } & OnOrder)
  | ({ type: 'releaseOrder' } & OnOrder)
  | ({ type: 'advanceOrderStage'; stage: OrderStage } & OnOrder)
  | ({ type: 'changeOrderAddress'; consignee: OrderContactInput } & OnOrder)
  | ({ type: 'changeOrderGoods'; goods: GoodsInput } & OnOrder)
  | ({ type: 'cancelOrder'; reason: string } & OnOrder)
  | ({ type: 'cancelPrintedOrder'; reason: string; waybillRetrieved: boolean; deliverySlipRetrieved: boolean } & OnOrder)
  | { type: 'recordTrackingEvent'; event: Omit<TrackingEventInput, 'eventKey'> }
  | { type: 'markTrackingRoundItem'; itemId: string; waybillNo: string; customerTold: boolean; note?: string }
  | { type: 'confirmArrival'; waybillNo: string; input: Omit<ConfirmArrivalInput, 'idempotencyKey'> }
  | ({
      type: 'openOrderReturn';
      kind: ReturnKind;
      reason: ReturnReason;
      description: string;
      parcelIntact: boolean;
      /** The resized photos, uploaded just before the return is opened. */
      photos: Blob[];
      /** When each photo was taken. */
      capturedAt: string[];
    } & OnOrder);

export type OrderChangeType = OrderChange['type'];

/** The waybill a queued change is about, when it is known before sending. */
export function waybillOf(change: OrderChange): string | null {
  if (change.type === 'intakeOrder') return null;
  if (change.type === 'recordTrackingEvent') return change.event.waybillNo;
  return change.waybillNo;
}

// When this phone's own earlier write moved an order from version v to w, a later queued
// write that saw v really saw w: without this, verifying then releasing offline would
// always conflict. A write by anyone else still conflicts, as it should.
const ownVersions = new Map<string, number>();
function chainedVersion(orderId: string, seen: number): number {
  let v = seen;
  for (let next = ownVersions.get(`${orderId}@${v}`); next !== undefined; next = ownVersions.get(`${orderId}@${v}`)) v = next;
  return v;
}

/** Waybill numbers given to intakes by outbox key, so the intake screen can open the order. */
const intakeWaybills = new Map<string, string>();
const intakeListeners = new Set<() => void>();
export function intakeWaybill(key: string): string | undefined {
  return intakeWaybills.get(key);
}
export function onIntakeSynced(fn: () => void): () => void {
  intakeListeners.add(fn);
  return () => intakeListeners.delete(fn);
}


async function mutate<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V) {
  return client.mutation(doc, variables, { requestPolicy: 'network-only' }).toPromise();
}

/** Re-reads an order so its timeline and history show what the server now holds. */
export async function refreshOrder(waybillNo: string): Promise<void> {
  await client.query(OrderByWaybillDocument, { waybillNo }, { requestPolicy: 'network-only' }).toPromise();
}

async function sendOnOrder<D, V extends AnyVariables>(
  change: OnOrder,
  doc: TypedDocumentNode<D, V>,
  variables: (expectedVersion: number) => V,
  versionAfter: (data: D) => number | undefined,
): Promise<SendOutcome> {
  const expectedVersion = chainedVersion(change.orderId, change.expectedVersion);
  const result = await mutate(doc, variables(expectedVersion));
  const outcome = outcomeOf(result.error);
  const after = result.data ? versionAfter(result.data) : undefined;
  if (outcome.kind === 'done' && after !== undefined && after !== expectedVersion) {
    ownVersions.set(`${change.orderId}@${expectedVersion}`, after);
  }
  return outcome;
}

/** Sends one queued order or tracking write. */
export async function sendOrderChange(item: OutboxItem<OrderChange>): Promise<SendOutcome> {
  if (!(await freshAccessToken())) return { kind: 'retry' };
  const change = item.change;
  const key = item.key;
  const base = (c: OnOrder, v: number) => ({ idempotencyKey: key, orderId: c.orderId, expectedVersion: v });
  switch (change.type) {
    case 'intakeOrder': {
      const result = await mutate(IntakeOrderDocument, { input: { idempotencyKey: key, ...change.input } });
      const waybill = result.data?.intakeOrder.order.waybillNo;
      if (waybill) {
        intakeWaybills.set(key, waybill);
        for (const fn of intakeListeners) fn();
      }
      return outcomeOf(result.error);
    }
    case 'verifyOrder':
      return sendOnOrder(
        change,
        VerifyOrderDocument,
        (v) => ({ input: { ...base(change, v), elements: change.elements, note: change.note ?? null } }),
        (d) => d.verifyOrder.order.version,
      );
    case 'releaseOrder':
      return sendOnOrder(change, ReleaseOrderDocument, (v) => ({ input: base(change, v) }), (d) => d.releaseOrder.order.version);
    case 'advanceOrderStage':
      return sendOnOrder(
        change,
        AdvanceOrderStageDocument,
        (v) => ({ input: { ...base(change, v), stage: change.stage } }),
        (d) => d.advanceOrderStage.order.version,
      );
    case 'changeOrderAddress':
      return sendOnOrder(
        change,
        ChangeOrderAddressDocument,
        (v) => ({ input: { ...base(change, v), consignee: change.consignee } }),
        (d) => d.changeOrderAddress.order.version,
      );
    case 'changeOrderGoods':
      return sendOnOrder(
        change,
        ChangeOrderGoodsDocument,
        (v) => ({ input: { ...base(change, v), goods: change.goods } }),
        (d) => d.changeOrderGoods.order.version,
      );
    case 'cancelOrder':
      return sendOnOrder(
        change,
        CancelOrderDocument,
        (v) => ({ input: { ...base(change, v), reason: change.reason } }),
        (d) => d.cancelOrder.order.version,
      );
    case 'cancelPrintedOrder':
      return sendOnOrder(
        change,
        CancelPrintedOrderDocument,
        (v) => ({
          input: {
            ...base(change, v),
            reason: change.reason,
            waybillRetrieved: change.waybillRetrieved,
            deliverySlipRetrieved: change.deliverySlipRetrieved,
          },
        }),
        (d) => d.cancelPrintedOrder.order.version,
      );
    case 'recordTrackingEvent': {
      const result = await mutate(RecordTrackingEventsDocument, { input: { events: [{ eventKey: key, ...change.event }] } });
      const outcome = outcomeOf(result.error);
      const rejected = result.data?.recordTrackingEvents.results.find((r) => r.outcome === 'REJECTED');
      if (outcome.kind === 'done' && rejected) {
        return { kind: 'refused', error: { code: rejected.errorCode ?? 'REJECTED', message: rejected.errorMessage ?? '' } };
      }
      if (outcome.kind === 'done') await refreshOrder(change.event.waybillNo);
      return outcome;
    }
    case 'markTrackingRoundItem': {
      const result = await mutate(MarkTrackingRoundItemDocument, {
        input: { idempotencyKey: key, itemId: change.itemId, customerTold: change.customerTold, note: change.note ?? null },
      });
      return outcomeOf(result.error);
    }
    case 'openOrderReturn': {
      // Uploading the same bytes again returns the first photo, so a retry after a
      // failure halfway through uploads nothing twice.
      const photoRefs: string[] = [];
      for (const [i, photo] of change.photos.entries()) {
        const up = await uploadPhoto(photo, change.capturedAt[i] ?? null);
        if (up.kind === 'fail') return up.outcome;
        photoRefs.push(up.photoId);
      }
      const { kind, reason, description, parcelIntact } = change;
      const outcome = await sendOnOrder(
        change,
        OpenOrderReturnDocument,
        (v) => ({ input: { ...base(change, v), kind, reason, description, parcelIntact, photoRefs } }),
        () => undefined,
      );
      if (outcome.kind === 'done') await refreshOrder(change.waybillNo);
      return outcome;
    }
    case 'confirmArrival': {
      const result = await mutate(ConfirmArrivalDocument, { input: { idempotencyKey: key, ...change.input } });
      const outcome = outcomeOf(result.error);
      if (outcome.kind === 'done') await refreshOrder(change.waybillNo);
      return outcome;
    }
  }
}
