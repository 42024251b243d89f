// Who is on duty now at my depot (approved leave excluded), for supervisors.
import { useQuery } from '@urql/preact';
import { formatTime, useI18n } from '../../i18n/i18n';
import { OnDutyNowDocument, RosterDepotDocument } from './roster.generated';
import '../../i18n/roster-screens';

export function OnDutyBoard() {
  const { t, locale } = useI18n();
  const [{ data: me }] = useQuery({ query: RosterDepotDocument });
  const depot = me?.me.depot;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OnDutyNowDocument,
    variables: { depotId: depot?.id ?? '' },
    pause: !depot,
    requestPolicy: 'network-only',
  });
  const list = data?.onDutyNow ?? [];
  return (
    <section class="card" aria-labelledby="duty-title">
      <div class="card-head">
        <h2 id="duty-title">{t('roster.duty.title', { depot: depot?.name ?? '' })}</h2>
        <button type="button" class="btn small" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          {t('roster.refresh')}
        </button>
      </div>
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {error && !data && <p class="error" role="alert">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && list.length === 0 && <p class="muted">{t('roster.duty.empty')}</p>}
      <ul class="list">
        {list.map((a) => (
          <li key={a.id} class="row">
            <span>
              <strong>{a.staff.name}</strong> <span class="muted small">{a.staff.employeeNo}</span>
            </span>
            <span class="small">
              {a.shiftType.name} {formatTime(a.startsAt, locale)}–{formatTime(a.endsAt, locale)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
