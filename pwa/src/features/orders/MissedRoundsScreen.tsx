// 漏跟踪: for supervisors, the depot's tracking rounds that passed their deadline with
// orders nobody checked, over a chosen period (the last 7 days by default), by day and
// round, with who was assigned each order.
import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { formatDateTime } from '../../i18n/i18n';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { Field, LoadError, orderPath } from './common';
import { groupMissed, lastWeek, uncheckedItems } from './missed';
import { MissedTrackingRoundsDocument, MyDepotDocument } from './orders.generated';

function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${day}T00:00:00Z`));
}

export function MissedRoundsScreen() {
  const { ot, t, locale } = useOrdersI18n();
  const [typed, setTyped] = useState(lastWeek);
  const [period, setPeriod] = useState(typed);
  const [{ data: me, error: meError }] = useQuery({ query: MyDepotDocument });
  const depot = me?.me.depot;
  const [{ data, fetching, error }] = useQuery({
    query: MissedTrackingRoundsDocument,
    variables: { depotId: depot?.id ?? '', from: period.from, to: period.to },
    pause: !depot,
  });
  const badRange = typed.from > typed.to;
  const days = groupMissed(data?.missedTrackingRounds ?? []);

  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      <section class="card" aria-labelledby="missed-title">
        <h2 id="missed-title">{ot('missed.title')}</h2>
        {depot && <p class="muted small">{ot('missed.depot', { name: depot.name })}</p>}
        <form
          class="missed-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (!badRange) setPeriod(typed);
          }}
        >
          <Field id="missed-from" label={ot('missed.from')}>
            <input id="missed-from" type="date" value={typed.from} max={typed.to} onInput={(e) => setTyped({ ...typed, from: e.currentTarget.value })} />
          </Field>
          <Field id="missed-to" label={ot('missed.to')}>
            <input id="missed-to" type="date" value={typed.to} onInput={(e) => setTyped({ ...typed, to: e.currentTarget.value })} />
          </Field>
          <button type="submit" class="btn" disabled={badRange}>
            {ot('missed.show')}
          </button>
        </form>
        {badRange && (
          <p class="error" role="alert">
            {ot('missed.badRange')}
          </p>
        )}
      </section>
      {!depot && <LoadError error={meError} />}
      {depot && !data && <LoadError error={error} />}
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {data && days.length === 0 && <p class="muted card">{ot('missed.none')}</p>}
      {days.map((d) => (
        <section key={d.day} class="card missed-day" aria-labelledby={`missed-${d.day}`}>
          <h2 id={`missed-${d.day}`}>{formatDay(d.day, locale)}</h2>
          {d.rounds.map((r) => (
            <section key={r.round.id} aria-labelledby={`round-${r.round.id}`}>
              <h3 id={`round-${r.round.id}`}>
                {ot(`missed.slot.${r.round.slot}`)} · <span class="error">{ot('missed.summary', { unchecked: r.unchecked, total: r.total })}</span>
              </h3>
              <p class="muted small">{ot('missed.due', { time: formatDateTime(r.round.dueAt, locale) })}</p>
              <ul class="list">
                {uncheckedItems(r).map((i) => (
                  <li key={i.id}>
                    {i.order ? (
                      <a class="code" href={orderPath(i.order.waybillNo)} onClick={linkTo(orderPath(i.order.waybillNo))}>
                        {i.order.waybillNo}
                      </a>
                    ) : (
                      <span class="muted">{ot('missed.orderHidden')}</span>
                    )}
                    <span class="block small">{ot('missed.assigned', { name: i.agent.name, no: i.agent.employeeNo })}</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
