// The return or exchange on an order's detail: who pays, the photo proof and the linked
// waybills (each opens its own detail); or, on a signed-for order without one, the way in.
import { linkTo } from '../../app/router';
import { formatDateTime } from '../../i18n/i18n';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { orderPath } from './common';
import type { OrderDetailFragment } from './orders.generated';
import { mayOpenReturn } from './returns';

function WaybillLink({ waybillNo }: { waybillNo: string }) {
  return (
    <a class="code" href={orderPath(waybillNo)} onClick={linkTo(orderPath(waybillNo))}>
      {waybillNo}
    </a>
  );
}

export function ReturnSection({ order }: { order: OrderDetailFragment }) {
  const { ot, t, locale } = useOrdersI18n();
  const r = order.returnRequest;
  if (!r) {
    if (order.returnOf) {
      return (
        <section class="card" aria-labelledby="return-of-title">
          <h2 id="return-of-title">{ot('return.returnOf')}</h2>
          <WaybillLink waybillNo={order.returnOf.waybillNo} />
        </section>
      );
    }
    if (!mayOpenReturn(order)) return null;
    const to = `${orderPath(order.waybillNo)}/return`;
    return (
      <a class="btn block" href={to} onClick={linkTo(to)}>
        {ot('return.open')}
      </a>
    );
  }
  return (
    <section class="card" aria-labelledby="return-title">
      <div class="card-head">
        <h2 id="return-title">{ot('return.section')}</h2>
        <span class="tag">{ot(`return.kind.${r.kind}`)}</span>
      </div>
      <p>
        {ot(`return.reason.${r.reason}`)} · {r.description}
      </p>
      <dl class="facts">
        <dt>{ot('return.openedAt')}</dt>
        <dd>{formatDateTime(r.openedAt, locale)}</dd>
        <dt>{ot('return.leg.return')}</dt>
        <dd>{ot(`return.payer.${r.returnLegPayer}`)}</dd>
        {r.replacementLegPayer && (
          <>
            <dt>{ot('return.leg.replacement')}</dt>
            <dd>{ot(`return.payer.${r.replacementLegPayer}`)}</dd>
          </>
        )}
        {r.returnOrder && (
          <>
            <dt>{ot('return.returnWaybill')}</dt>
            <dd>
              <WaybillLink waybillNo={r.returnOrder.waybillNo} /> · {t(`status.${r.returnOrder.trackingStatus}`)}
            </dd>
          </>
        )}
        {r.replacementOrder && (
          <>
            <dt>{ot('return.replacementWaybill')}</dt>
            <dd>
              <WaybillLink waybillNo={r.replacementOrder.waybillNo} /> · {t(`status.${r.replacementOrder.trackingStatus}`)}
            </dd>
          </>
        )}
      </dl>
      {r.photos.length > 0 && (
        <>
          <h3>{ot('return.photosCount', { count: r.photos.length })}</h3>
          <ul class="return-photos">
            {r.photos.map((p, i) => (
              <li key={p.id}>
                <a href={p.url} target="_blank" rel="noopener" aria-label={ot('return.openPhoto', { n: i + 1 })}>
                  <img src={p.url} alt={ot('return.photoAlt', { n: i + 1 })} width={72} height={72} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
