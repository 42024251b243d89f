import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { Icon } from '../../app/icons';
import { linkTo, navigate } from '../../app/router';
import { checkWaybill } from '../../camera/waybill';
import { formatDateTime, formatNumber, useI18n } from '../../i18n/i18n';
import { OutboxPanel } from '../../outbox/OutboxPanel';
import type { StaffSummary } from '../../session/session';
import { Field, LoadError, orderPath } from './common';
import { RecentOrdersDocument, type OrderSummaryFragment } from './orders.generated';
import { waybillProblem, WaybillInput } from './WaybillInput';

/** Search by waybill; open it when the check digit is right, say why not otherwise. */
export function WaybillSearch() {
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);

  function open(value: string) {
    const check = checkWaybill(value);
    const problem = waybillProblem(check);
    if (problem) {
      setError(t(problem));
      return;
    }
    if (check.ok) navigate(orderPath(check.number));
  }

  return (
    <form
      class="card"
      role="search"
      aria-label={t('orders.search')}
      onSubmit={(e) => {
        e.preventDefault();
        open(number);
      }}
    >
      <WaybillInput
        id="order-search"
        value={number}
        error={error}
        onInput={(v) => {
          setNumber(v);
          setError(null);
        }}
        onScanned={(n) => {
          setNumber(n);
          open(n);
        }}
      />
      <button type="submit" class="btn primary block">
        {t('orders.find')}
      </button>
    </form>
  );
}

export function OrderRow({ order }: { order: OrderSummaryFragment }) {
  const { t, locale } = useI18n();
  return (
    <li>
      <a class="order-row" href={orderPath(order.waybillNo)} onClick={linkTo(orderPath(order.waybillNo))}>
        <span class="row">
          <strong class="code">{order.waybillNo}</strong>
          <span class={`tag state-${order.state}`}>
            {order.state === 'RELEASED' ? t(`status.${order.trackingStatus}`) : t(`state.${order.state}`)}
          </span>
        </span>
        <span class="muted small block">
          {order.goods.name} → {order.consignee.city}
          {order.consignee.district} · {formatDateTime(order.createdAt, locale)}
          {order.late && <> · <span class="error">{t('orders.late')}</span></>}
        </span>
      </a>
    </li>
  );
}

const FILTERS = [null, 'PENDING_VERIFICATION', 'RELEASED'] as const;

export function OrdersHome({ staff }: { staff: StaffSummary }) {
  const { t } = useI18n();
  const [state, setState] = useState<(typeof FILTERS)[number]>(null);
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed.trim(), 300);
  const [{ data, fetching, error }] = useQuery({ query: RecentOrdersDocument, variables: { state, search: search || null } });
  const edges = data?.orders.edges ?? [];

  return (
    <div class="stack">
      <WaybillSearch />

      <nav class="quick-actions" aria-label={t('orders.actions')}>
        <a class="card link-card" href="/orders/quote" onClick={linkTo('/orders/quote')} title={t('orders.quoteHint')}>
          <Icon name="orders" size={28} />
          <strong>{t('orders.quote')}</strong>
        </a>
        <a class="card link-card" href="/orders/new" onClick={linkTo('/orders/new')}>
          <Icon name="orders" size={28} />
          <strong>{t('orders.new')}</strong>
        </a>
        <a class="card link-card" href="/orders/track" onClick={linkTo('/orders/track')}>
          <Icon name="scan" size={28} />
          <strong>{t('orders.track')}</strong>
        </a>
        <a class="card link-card" href="/orders/round" onClick={linkTo('/orders/round')}>
          <Icon name="roster" size={28} />
          <strong>{t('orders.round')}</strong>
        </a>
        <a class="card link-card" href="/orders/reconcile" onClick={linkTo('/orders/reconcile')}>
          <Icon name="orders" size={28} />
          <strong>{t('orders.reconcile')}</strong>
        </a>
        {staff.roles.some((r) => r === 'MANAGER' || r === 'ADMIN') && (
          <a class="card link-card" href="/orders/rates" onClick={linkTo('/orders/rates')}>
            <Icon name="orders" size={28} />
            <strong>{t('orders.rateChange')}</strong>
          </a>
        )}
        {staff.roles.some((r) => r === 'SUPERVISOR' || r === 'MANAGER' || r === 'ADMIN') && (
          <a class="card link-card" href="/orders/missed" onClick={linkTo('/orders/missed')}>
            <Icon name="roster" size={28} />
            <strong>{t('orders.missed')}</strong>
          </a>
        )}
      </nav>

      <OutboxPanel staffId={staff.id} />

      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t('orders.recent')}</h2>
        <Field id="find-person" label={t('orders.findPerson')} hint={t('orders.findPersonHint')}>
          <input
            id="find-person"
            type="search"
            value={typed}
            maxLength={50}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="segmented" role="radiogroup" aria-label={t('orders.filter')}>
          {FILTERS.map((f) => (
            <button
              key={f ?? 'all'}
              type="button"
              role="radio"
              aria-checked={state === f}
              class={state === f ? 'seg on' : 'seg'}
              onClick={() => setState(f)}
            >
              {f ? t(`state.${f}`) : t('orders.all')}
            </button>
          ))}
        </div>
        {fetching && !data && <p class="muted">{t('today.loading')}</p>}
        {!data && <LoadError error={error} />}
        {data && edges.length === 0 && <p class="muted">{t('orders.none')}</p>}
        <ul class="list">
          {edges.map((e) => (
            <OrderRow key={e.node.id} order={e.node} />
          ))}
        </ul>
        {data && <MoreOrders shown={edges.length} total={data.orders.totalCount} capped={data.orders.totalCountCapped} />}
      </section>
    </div>
  );
}

/** value, once it has stopped changing for ms milliseconds (so typing sends one query). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** How many more match than the page shows; the server counts up to 1,000 and says when
 * more match (totalCountCapped), shown as "1,000+". */
export function MoreOrders({ shown, total, capped }: { shown: number; total: number; capped: boolean }) {
  const { t, locale } = useI18n();
  if (!capped && total <= shown) return null;
  const n = formatNumber(total, locale);
  return <p class="muted small">{t(capped ? 'orders.moreCapped' : 'orders.more', { shown, total: n })}</p>;
}
