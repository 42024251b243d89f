// Today's "my shifts" card: the shift under way or the next one, and the one after, with
// the time, the place and who else is on.
import { useQuery } from '@urql/preact';
import { formatDateLong, formatTime, useI18n } from '../../i18n/i18n';
import { MyUpcomingShiftsDocument } from './today.generated';

export function UpcomingShifts() {
  const { t, locale } = useI18n();
  const [{ data, error }] = useQuery({ query: MyUpcomingShiftsDocument, requestPolicy: 'cache-and-network' });
  const shifts = data?.myUpcomingShifts ?? [];
  const now = Date.now();
  const started = (startsAt: string) => new Date(startsAt).getTime() <= now;
  const firstOn = shifts.length > 0 && started(shifts[0]!.shift.startsAt);
  return (
    <section class="card" aria-labelledby="shifts-title">
      <h2 id="shifts-title">{t('shifts.title')}</h2>
      {error && !data && <p class="error">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && shifts.length === 0 && <p class="muted">{t('shifts.none')}</p>}
      <ul class="plain-list">
        {shifts.map((u, i) => {
          const heading = started(u.shift.startsAt) ? t('shifts.current') : i === 0 || (i === 1 && firstOn) ? t('shifts.next') : t('shifts.after');
          return (
            <li key={u.shift.id} class="shift-row">
              <strong>
                {heading} · {u.shift.shiftType.name}
              </strong>
              <span class="block">
                {formatDateLong(new Date(u.shift.startsAt), locale)} {formatTime(u.shift.startsAt, locale)}–{formatTime(u.shift.endsAt, locale)}
              </span>
              <span class="block muted small">{u.depot.name}</span>
              <span class="block small">
                {u.coworkers.length ? t('shifts.with', { names: u.coworkers.map((c) => c.name).join('、') }) : t('shifts.alone')}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
