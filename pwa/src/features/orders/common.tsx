// Small pieces shared by the order screens.
import type { ComponentChildren } from 'preact';
import { useOnline } from '../../app/network';
import { linkTo } from '../../app/router';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { Refusal } from '../../outbox/Refusal';
import { useOutbox } from '../../outbox/sync';
import type { OutboxItem } from '../../outbox/types';
import { isOrderChange } from './kinds';
import { describeOrderChange } from './describe';
import { waybillOf, type OrderChange } from './changes';

export const orderPath = (waybillNo: string) => `/orders/${encodeURIComponent(waybillNo)}`;

/** Changes to one waybill still on this phone (待同步) or refused by the server. */
export function QueuedForWaybill({ staffId, waybillNo }: { staffId: string; waybillNo: string }) {
  const { t } = useI18n();
  const { items, sending } = useOutbox(staffId);
  const mine = items.filter((i): i is OutboxItem<OrderChange> => isOrderChange(i.change) && waybillOf(i.change) === waybillNo);
  if (mine.length === 0) return null;
  return (
    <section class="card outbox" aria-labelledby="queued-title">
      <h2 id="queued-title">{t('outbox.title')}</h2>
      <ul class="list">
        {mine.map((item) => (
          <li key={item.key}>
            <div class="row">
              <span>{describeOrderChange(item.change, t)}</span>
              <span class={`tag ${item.state}`}>
                {item.state === 'refused' ? t('outbox.refused') : sending === item.key ? t('outbox.sending') : t('outbox.pending')}
              </span>
            </div>
            <Refusal item={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Field({
  id,
  label,
  error,
  children,
  hint,
}: {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && <p class="muted small">{hint}</p>}
      {children}
      {error && (
        <p id={`${id}-error`} class="error field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A server error while loading, or nothing. */
export function LoadError({
  error,
}: {
  error: { networkError?: Error; graphQLErrors: { message: string; extensions?: { code?: unknown; didYouMean?: unknown } }[]; message: string } | undefined;
}) {
  const { t } = useI18n();
  const online = useOnline();
  // Offline, the cache answers a query it does not hold with no data and no error: say so
  // rather than leave the screen blank under its back link.
  if (!error) return online ? null : <p class="muted">{t('orders.offlineNoData')}</p>;
  if (error.networkError) return <p class="muted">{t('orders.offlineNoData')}</p>;
  const first = error.graphQLErrors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : '';
  // A miss the check digit cannot catch: the server offers the orders within reach that
  // are one typo away.
  const offered = first?.extensions?.didYouMean;
  const suggestions = Array.isArray(offered) ? offered.filter((w): w is string => typeof w === 'string') : [];
  return (
    <>
      <p class="error" role="alert">
        {first?.message ?? error.message} {code && <span class="code">({code})</span>}
      </p>
      {suggestions.length > 0 && (
        <p>
          {t('orders.didYouMean')}{' '}
          {suggestions.map((w) => (
            <a key={w} class="code" href={orderPath(w)} onClick={linkTo(orderPath(w))}>
              {w}{' '}
            </a>
          ))}
        </p>
      )}
    </>
  );
}

/** One scan in a parcel's timeline: its milestone (and exception reason) and time; details
 * (place, scanner, signer) come as children. The newest entry is marked `latest`. */
export function TimelineEntry({
  event,
  latest,
  children,
}: {
  event: { status: string; exceptionReason?: string | null; occurredAt: string };
  latest: boolean;
  children?: ComponentChildren;
}) {
  const { t, locale } = useI18n();
  return (
    <li class={latest ? 'latest' : undefined}>
      <strong>
        {t(`status.${event.status}` as MessageKey)}
        {event.exceptionReason && ` · ${t(`reason.${event.exceptionReason}` as MessageKey)}`}
      </strong>
      <time class="block small" dateTime={event.occurredAt}>
        {formatDateTime(event.occurredAt, locale)}
      </time>
      {children}
    </li>
  );
}
