import { BackLink } from '../../ui/BackLink';
import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { linkTo } from '../../app/router';
import { checkWaybill } from '../../camera/waybill';
import { serverErrors } from '../../graphql/errors';
import { ticketPath } from '../tickets/common';
import type { OrderElement, OrderParty } from '../../graphql/schema-types';
import { formatDateTime, formatNumber, useI18n, type Locale } from '../../i18n/i18n';
import { submitChange, useOutbox } from '../../outbox/sync';
import { formatFen } from '../../ui/money';
import type { StaffSummary } from '../../session/session';
import type { OrderChange } from './changes';
import { LoadError, orderPath, QueuedForWaybill, TimelineEntry } from './common';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { useTrackingLive, type TrackingLive } from './liveTracking';
import { ReturnSection } from './ReturnSection';
import {
  OrderByWaybillDocument,
  RevealOrderContactDocument,
  type OrderContactPartsFragment,
  RecordSignedReceiptDocument,
  type OrderDetailFragment,
} from './orders.generated';
import { waybillProblem } from './WaybillInput';

const OpenTicket = lazy(() => import('../tickets/OpenTicket'));

export const ELEMENTS: readonly OrderElement[] = ['CONSIGNOR', 'CONSIGNEE', 'DESTINATION', 'GOODS', 'SERVICE', 'HANDLING'];

type T = ReturnType<typeof useI18n>['t'];

/** What the agent reads back to the customer for one element. */
export function elementSummary(order: OrderDetailFragment, element: OrderElement, t: T, locale: Locale): string {
  const g = order.goods;
  switch (element) {
    case 'CONSIGNOR':
      return `${order.consignor.name} · ${order.consignor.phoneMasked} · ${order.consignor.addressMasked}`;
    case 'CONSIGNEE':
      return `${order.consignee.name} · ${order.consignee.phoneMasked}`;
    case 'DESTINATION':
      return order.consignee.addressMasked;
    case 'GOODS':
      return [
        `${g.name} × ${formatNumber(g.quantity, locale)}`,
        t('order.weight', { kg: formatNumber(g.weightKg, locale) }),
        t('order.volume', { m3: formatNumber(g.volumeM3, locale) }),
        g.declaredValueFen != null ? t('order.declared', { value: formatFen(g.declaredValueFen, locale) }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'SERVICE':
      return [
        t(`service.${order.service}`),
        order.requiredArrivalAt ? t('order.requiredBy', { time: formatDateTime(order.requiredArrivalAt, locale) }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'HANDLING': {
      const h = order.handling;
      const r = order.requests;
      const parts = [
        h.fragile ? t('handling.fragile') : '',
        h.keepUpright ? t('handling.keepUpright') : '',
        h.keepDry ? t('handling.keepDry') : '',
        r.invoiceTitle ? t('order.invoice', { title: r.invoiceTitle }) : '',
        r.deliveryWindowFrom ? t('order.window', { from: r.deliveryWindowFrom, to: r.deliveryWindowTo }) : '',
        r.cardText ? t('order.card', { text: r.cardText }) : '',
      ].filter(Boolean);
      return parts.length ? parts.join(' · ') : t('order.noHandling');
    }
  }
}

/** 信息核实: each element confirmed with the customer, then release to operations. */
export function VerificationChecklist({ order, staff }: { order: OrderDetailFragment; staff: StaffSummary }) {
  const { t, locale } = useI18n();
  const { items } = useOutbox(staff.id);
  const [ticked, setTicked] = useState<OrderElement[]>([]);
  const [note, setNote] = useState('');
  // A restricted item (限寄) in the goods: verifying the goods needs a note of what was checked.
  const needsNote = Boolean(order.goodsFlag) && ticked.includes('GOODS');
  const queued = items
    .map((i) => i.change as OrderChange)
    .filter((c) => c.type === 'verifyOrder' || c.type === 'releaseOrder')
    .filter((c) => 'orderId' in c && c.orderId === order.id);
  const queuedElements = new Set(queued.flatMap((c) => (c.type === 'verifyOrder' ? c.elements : [])));
  const releaseQueued = queued.some((c) => c.type === 'releaseOrder');
  const missing = order.missingVerifications.filter((e) => !queuedElements.has(e));
  const verified = new Map(order.verifications.map((v) => [v.element, v]));

  async function confirm() {
    if (ticked.length === 0 || (needsNote && note.trim() === '')) return;
    await submitChange(staff.id, {
      type: 'verifyOrder',
      orderId: order.id,
      waybillNo: order.waybillNo,
      expectedVersion: order.version,
      elements: ticked,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setTicked([]);
    setNote('');
  }

  async function release() {
    await submitChange(staff.id, {
      type: 'releaseOrder',
      orderId: order.id,
      waybillNo: order.waybillNo,
      expectedVersion: order.version,
    });
  }

  return (
    <section class="card" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verify.title')}</h2>
      <p class="muted small">{t('verify.hint')}</p>
      {order.goodsFlag && (
        <p class="notice" role="note">
          {t('verify.goodsFlag', { rule: order.goodsFlag })}
        </p>
      )}
      <ul class="list checklist">
        {ELEMENTS.map((element) => {
          const done = verified.get(element);
          const pending = queuedElements.has(element);
          const id = `verify-${element}`;
          return (
            <li key={element}>
              <label class="check" for={id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={Boolean(done) || pending || ticked.includes(element)}
                  disabled={Boolean(done) || pending}
                  onChange={(e) =>
                    setTicked((prev) => (e.currentTarget.checked ? [...prev, element] : prev.filter((x) => x !== element)))
                  }
                />
                <span>
                  <strong>{t(`element.${element}`)}</strong>
                  <span class="block small">{elementSummary(order, element, t, locale)}</span>
                  {done && (
                    <span class="block small ok">
                      {t('verify.done', { name: done.verifiedBy.name, time: formatDateTime(done.verifiedAt, locale) })}
                    </span>
                  )}
                  {pending && <span class="tag pending">{t('outbox.pending')}</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {needsNote && (
        <label class="block" for="verify-note">
          {t('verify.goodsNote')}
          <input id="verify-note" value={note} maxLength={200} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
      )}
      <div class="actions">
        <button type="button" class="btn" disabled={ticked.length === 0 || (needsNote && note.trim() === '')} onClick={() => void confirm()}>
          {t('verify.confirm', { count: ticked.length })}
        </button>
        <button
          type="button"
          class="btn primary"
          disabled={missing.length > 0 || releaseQueued}
          aria-describedby="release-why"
          onClick={() => void release()}
        >
          {t('verify.release')}
        </button>
      </div>
      <p id="release-why" class="muted small">
        {releaseQueued
          ? t('verify.releaseQueued')
          : missing.length > 0
            ? t('verify.missing', { list: missing.map((e) => t(`element.${e}`)).join('、') })
            : t('verify.ready')}
      </p>
    </section>
  );
}

/** A masked contact, and a reveal that asks why (the read is audited). */
export function ContactCard({ orderId, party, contact }: { orderId: string; party: OrderParty; contact: OrderContactPartsFragment }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [{ data, fetching }, reveal] = useMutation(RevealOrderContactDocument);
  const revealed = data?.revealOrderContact;
  const reasonId = `reveal-reason-${party}`;

  async function submit(e: Event) {
    e.preventDefault();
    if (reason.trim().length < 2) {
      setProblem(t('reveal.reasonRequired'));
      return;
    }
    setProblem(null);
    const result = await reveal({ input: { orderId, party, reason: reason.trim() } });
    if (result.error) {
      const first = serverErrors(result.error.graphQLErrors)[0];
      setProblem(result.error.networkError || !first ? t('reveal.offline') : `${first.message} (${first.code})`);
    } else setAsking(false);
  }

  return (
    <div class="contact" aria-labelledby={`contact-${party}`}>
      <h3 id={`contact-${party}`}>{t(`party.${party}`)}</h3>
      <dl class="facts">
        <dt>{t('contact.name')}</dt>
        <dd>{revealed?.name ?? contact.name}</dd>
        <dt>{t('contact.phone')}</dt>
        <dd>{revealed ? <a href={`tel:${revealed.phone}`}>{revealed.phone}</a> : contact.phoneMasked}</dd>
        <dt>{t('contact.address')}</dt>
        <dd>{revealed?.address ?? contact.addressMasked}</dd>
      </dl>
      {!revealed && !asking && (
        <button type="button" class="btn small" onClick={() => setAsking(true)}>
          {t('reveal.button', { party: t(`party.${party}`) })}
        </button>
      )}
      {asking && !revealed && (
        <form class="reveal" onSubmit={(e) => void submit(e)}>
          <label for={reasonId}>{t('reveal.reason')}</label>
          <p class="muted small">{t('reveal.audited')}</p>
          <input id={reasonId} value={reason} onInput={(e) => setReason(e.currentTarget.value)} autocomplete="off" />
          <div class="actions">
            <button type="button" class="btn" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="btn primary" disabled={fetching}>
              {t('reveal.confirm')}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** Says the timeline follows new scans, and announces each one that arrives. */
function LiveState({ live }: { live: TrackingLive }) {
  const { ot } = useOrdersI18n();
  return (
    <p class="small muted" role="status">
      {live.live && (
        <>
          <span class="live-dot" aria-hidden="true" />
          {ot('live.on')}
        </>
      )}
      {live.updates > 0 && ` · ${ot('live.updated')}`}
    </p>
  );
}

export function Timeline({ order, live }: { order: OrderDetailFragment; live?: TrackingLive }) {
  const { t } = useI18n();
  // The server sorts by event time, oldest first; the newest is what people look for.
  const events = [...order.trackingEvents].reverse();
  return (
    <section class="card" aria-labelledby="timeline-title">
      <div class="card-head">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        {order.state === 'RELEASED' && (
          <a class="btn small" href={`/orders/track/${order.waybillNo}`} onClick={linkTo(`/orders/track/${order.waybillNo}`)}>
            {t('timeline.record')}
          </a>
        )}
      </div>
      {live && <LiveState live={live} />}
      {events.length === 0 ? (
        <p class="muted">{order.state === 'RELEASED' ? t('timeline.empty') : t('timeline.notReleased')}</p>
      ) : (
        <ol class="timeline" aria-label={t('timeline.title')}>
          {events.map((e, i) => (
            <TimelineEntry key={`${e.occurredAt}-${i}`} event={e} latest={i === 0}>
              <span class="block small muted">
                {[e.place, t('timeline.by', { who: e.scannedBy }), e.signerName && t('timeline.signer', { name: e.signerName }), e.note]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </TimelineEntry>
          ))}
        </ol>
      )}
    </section>
  );
}

function ChangeOptions({ order, staff }: { order: OrderDetailFragment; staff: StaffSummary }) {
  const { t } = useI18n();
  const next = order.stage === 'NOT_PRINTED' ? 'PRINTED' : order.stage === 'PRINTED' ? 'PACKED' : null;
  return (
    <section class="card" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('change.title')}</h2>
      <p class="muted small">{t('change.stageNow', { stage: t(`stage.${order.stage}`) })}</p>
      <ul class="list">
        {order.changeOptions.map((o) => (
          <li key={o.kind}>
            <strong>{t(`change.kind.${o.kind}`)}</strong>
            {o.allowed && o.action ? (
              <>
                <p class="small">{t(`change.action.${o.action}`)}</p>
                <a
                  class={o.kind === 'CANCEL' ? 'btn small danger' : 'btn small'}
                  href={`${orderPath(order.waybillNo)}/change/${o.kind}`}
                  onClick={linkTo(`${orderPath(order.waybillNo)}/change/${o.kind}`)}
                >
                  {t(`change.start.${o.kind}`)}
                </a>
              </>
            ) : (
              <p class="small error">
                {o.refusalMessage} {o.refusalCode && <span class="code">({o.refusalCode})</span>}
              </p>
            )}
          </li>
        ))}
      </ul>
      {order.state === 'RELEASED' && next && (
        <button
          type="button"
          class="btn block"
          onClick={() =>
            void submitChange(staff.id, {
              type: 'advanceOrderStage',
              orderId: order.id,
              waybillNo: order.waybillNo,
              expectedVersion: order.version,
              stage: next,
            })
          }
        >
          {t(`stage.mark.${next}`)}
        </button>
      )}
    </section>
  );
}

function Arrival({ order }: { order: OrderDetailFragment }) {
  const { t, locale } = useI18n();
  const a = order.arrival;
  if (!a && order.stage !== 'SHIPPED') return null;
  return (
    <section class="card" aria-labelledby="arrival-title">
      <h2 id="arrival-title">{t('arrival.title')}</h2>
      {a ? (
        <dl class="facts">
          <dt>{t('arrival.arrivedAt')}</dt>
          <dd>{formatDateTime(a.arrivedAt, locale)}</dd>
          <dt>{t('arrival.condition')}</dt>
          <dd>{t(`condition.${a.goodsCondition}`)}</dd>
          <dt>{t('arrival.attitude')}</dt>
          <dd>{t(`attitude.${a.driverAttitude}`)}</dd>
          <dt>{t('arrival.signer')}</dt>
          <dd>{a.signerName}</dd>
          <dt>{t('arrival.reachedBy')}</dt>
          <dd>{a.reachedBy.map((m) => t(`contactMethod.${m}`)).join('、')}</dd>
          {a.note && (
            <>
              <dt>{t('arrival.note')}</dt>
              <dd>{a.note}</dd>
            </>
          )}
        </dl>
      ) : (
        <a class="btn primary block" href={`${orderPath(order.waybillNo)}/arrival`} onClick={linkTo(`${orderPath(order.waybillNo)}/arrival`)}>
          {t('arrival.record')}
        </a>
      )}
    </section>
  );
}

function History({ order }: { order: OrderDetailFragment }) {
  const { t, locale } = useI18n();
  return (
    <details class="card">
      <summary>
        <h2>{t('history.title', { count: order.history.length })}</h2>
      </summary>
      <ol class="list">
        {order.history.map((h, i) => (
          <li key={i}>
            <strong>{t(`history.${h.kind}`)}</strong>
            <span class="block small muted">
              {h.actorName} · {formatDateTime(h.at, locale)}
            </span>
            {h.remark && <span class="block small">{h.remark}</span>}
            {h.ticket && (
              <a class="block small" href={ticketPath(h.ticket.id)} onClick={linkTo(ticketPath(h.ticket.id))}>
                {t('history.afterSalesTicket')}
              </a>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function OrderDetail({ order, staff, live }: { order: OrderDetailFragment; staff: StaffSummary; live?: TrackingLive }) {
  const { t, locale } = useI18n();
  return (
    <>
      <section class="card" aria-labelledby="order-title">
        <div class="card-head">
          <h2 id="order-title" class="code">
            {order.waybillNo}
          </h2>
          <span class={`tag state-${order.state}`}>{t(`state.${order.state}`)}</span>
        </div>
        <dl class="facts">
          <dt>{t('order.status')}</dt>
          <dd>
            <strong>{t(`status.${order.trackingStatus}`)}</strong>
            {order.trackingExceptionReason && ` · ${t(`reason.${order.trackingExceptionReason}`)}`}
          </dd>
          <dt>{t('order.stage')}</dt>
          <dd>{t(`stage.${order.stage}`)}</dd>
          <dt>{t('order.service')}</dt>
          <dd>{t(`service.${order.service}`)}</dd>
          {order.freightFen != null && (
            <>
              <dt>{t('order.freight')}</dt>
              <dd>{formatFen(order.freightFen, locale)}</dd>
            </>
          )}
          <dt>{t('order.eta')}</dt>
          <dd class={order.late ? 'error' : undefined}>
            {formatDateTime(order.expectedArrival, locale)}
            {order.late && ` · ${t('orders.late')}`}
          </dd>
          <dt>{t('order.depot')}</dt>
          <dd>{order.depot.name}</dd>
        </dl>
      </section>

      {order.signedReceipt && <SignedReceiptCard order={order} />}

      <QueuedForWaybill staffId={staff.id} waybillNo={order.waybillNo} />
      <Suspense fallback={null}><OpenTicket order={order} staff={staff} /></Suspense>

      {order.state === 'PENDING_VERIFICATION' && <VerificationChecklist order={order} staff={staff} />}

      <Timeline order={order} live={live} />
      <ReturnSection order={order} />

      <section class="card" aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('contacts.title')}</h2>
        <ContactCard orderId={order.id} party="CONSIGNOR" contact={order.consignor} />
        <ContactCard orderId={order.id} party="CONSIGNEE" contact={order.consignee} />
      </section>

      <section class="card" aria-labelledby="goods-title">
        <h2 id="goods-title">{t('element.GOODS')}</h2>
        <p>{elementSummary(order, 'GOODS', t, locale)}</p>
        <p class="muted small">{elementSummary(order, 'HANDLING', t, locale)}</p>
      </section>

      {order.state !== 'CANCELLED' && <ChangeOptions order={order} staff={staff} />}
      <Arrival order={order} />
      <History order={order} />
    </>
  );
}

export function OrderDetailScreen({ waybillNo, staff }: { waybillNo: string; staff: StaffSummary }) {
  const { t } = useI18n();
  const check = checkWaybill(waybillNo);
  const problem = waybillProblem(check);
  const [{ data, fetching, error }, reread] = useQuery({
    query: OrderByWaybillDocument,
    variables: { waybillNo: check.ok ? check.number : waybillNo },
    pause: !check.ok,
  });
  const order = data?.orderByWaybill;
  const live = useTrackingLive(order?.waybillNo, () => reread({ requestPolicy: 'network-only' }));
  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      {problem && (
        <p class="error" role="alert">
          {t(problem)}
        </p>
      )}
      {fetching && !order && <p class="muted">{t('today.loading')}</p>}
      {!order && <LoadError error={error} />}
      {order && <OrderDetail order={order} staff={staff} live={live} />}
    </div>
  );
}

/** 回单: where the signed receipt is, and recording it back once the parcel is signed for. */
function SignedReceiptCard({ order }: { order: OrderDetailFragment }) {
  const { t, locale } = useI18n();
  const [{ fetching }, record] = useMutation(RecordSignedReceiptDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const r = order.signedReceipt!;

  async function submit() {
    const result = await record({ input: { idempotencyKey: crypto.randomUUID(), orderId: order.id, expectedVersion: order.version } });
    const first = result.error ? serverErrors(result.error.graphQLErrors)[0] : undefined;
    setProblem(result.error ? t('receipt.failed', { message: first ? `${first.message} (${first.code})` : t('reveal.offline') }) : null);
  }

  return (
    <section class="card" aria-labelledby="receipt-title">
      <div class="row">
        <h2 id="receipt-title">{t('receipt.title')}</h2>
        <span class={r.status === 'OVERDUE' ? 'tag state-PENDING_VERIFICATION' : 'tag'}>{t(`receipt.status.${r.status}`)}</span>
      </div>
      {r.receivedAt && <p>{t('receipt.receivedAt', { time: formatDateTime(r.receivedAt, locale) })}</p>}
      {!r.receivedAt && r.dueAt && <p class={r.status === 'OVERDUE' ? 'error' : undefined}>{t('receipt.due', { time: formatDateTime(r.dueAt, locale) })}</p>}
      {!r.receivedAt && order.trackingStatus === 'SIGNED' && (
        <button type="button" class="btn block" disabled={fetching} onClick={() => void submit()}>
          {t('receipt.record')}
        </button>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
