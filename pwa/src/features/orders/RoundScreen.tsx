import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { formatDateTime, formatTime, useI18n } from '../../i18n/i18n';
import { submitChange, useOutbox } from '../../outbox/sync';
import type { StaffSummary } from '../../session/session';
import type { OrderChange } from './changes';
import { LoadError, orderPath } from './common';
import { MyTrackingRoundDocument, type MyTrackingRoundQuery } from './orders.generated';

type RoundItem = MyTrackingRoundQuery['myTrackingRoundItems'][number];

function RoundItemRow({ item, staff, queued }: { item: RoundItem; staff: StaffSummary; queued: boolean }) {
  const { t, locale } = useI18n();
  const [told, setTold] = useState(false);
  const order = item.order;
  const toldId = `told-${item.id}`;
  return (
    <li>
      {order ? (
        <a class="order-row" href={orderPath(order.waybillNo)} onClick={linkTo(orderPath(order.waybillNo))}>
          <span class="row">
            <strong class="code">{order.waybillNo}</strong>
            <span class="tag">{t(`status.${order.trackingStatus}`)}</span>
          </span>
          <span class="muted small block">
            {order.goods.name} → {order.consignee.city}
            {order.consignee.district} · {t('order.eta')} {formatDateTime(order.expectedArrival, locale)}
            {order.late && <> · <span class="error">{t('orders.late')}</span></>}
          </span>
        </a>
      ) : (
        <p class="muted">{t('round.orderHidden')}</p>
      )}
      {item.checkedAt ? (
        <p class="small ok">
          {t('round.checked', { time: formatTime(item.checkedAt, locale) })} · {item.customerTold ? t('round.told') : t('round.notTold')}
        </p>
      ) : queued ? (
        <p class="small">
          <span class="tag pending">{t('outbox.pending')}</span>
        </p>
      ) : (
        <div class="round-actions">
          <label class="check" for={toldId}>
            <input id={toldId} type="checkbox" checked={told} onChange={(e) => setTold(e.currentTarget.checked)} />
            <span>{t('round.customerTold')}</span>
          </label>
          <button
            type="button"
            class="btn small primary"
            aria-label={t('round.markFor', { waybill: order?.waybillNo ?? '' })}
            onClick={() =>
              void submitChange(staff.id, {
                type: 'markTrackingRoundItem',
                itemId: item.id,
                waybillNo: order?.waybillNo ?? '',
                customerTold: told,
              })
            }
          >
            {t('round.mark')}
          </button>
        </div>
      )}
    </li>
  );
}

/** 今日跟踪: the orders of today's rounds assigned to me, unchecked first. */
export function RoundScreen({ staff }: { staff: StaffSummary }) {
  const { t, locale } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: MyTrackingRoundDocument });
  const { items: queued } = useOutbox(staff.id);
  const queuedIds = new Set(
    queued.map((q) => q.change as OrderChange).flatMap((c) => (c.type === 'markTrackingRoundItem' ? [c.itemId] : [])),
  );
  const items = data?.myTrackingRoundItems ?? [];
  const rounds = new Map<string, { round: RoundItem['round']; items: RoundItem[] }>();
  for (const item of items) {
    const entry = rounds.get(item.round.id) ?? { round: item.round, items: [] };
    entry.items.push(item);
    rounds.set(item.round.id, entry);
  }
  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {!data && <LoadError error={error} />}
      {data && items.length === 0 && (
        <section class="empty">
          <h2>{t('round.emptyTitle')}</h2>
          <p>{t('round.empty')}</p>
        </section>
      )}
      {[...rounds.values()].map(({ round, items: list }) => {
        const left = list.filter((i) => !i.checkedAt && !queuedIds.has(i.id)).length;
        return (
          <section key={round.id} class="card" aria-labelledby={`round-${round.id}`}>
            <h2 id={`round-${round.id}`}>{t(`round.slot.${round.slot}`)}</h2>
            <p class="muted small">{t('round.due', { time: formatDateTime(round.dueAt, locale), left, total: list.length })}</p>
            <ul class="list">
              {list.map((item) => (
                <RoundItemRow key={item.id} item={item} staff={staff} queued={queuedIds.has(item.id)} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
