// My roster as a month calendar: each day shows my shift, public holidays (节假日) and
// adjusted working days (调休), and approved leave; tapping a day shows its details.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { monthWeeks, within } from './month';
import { RosterMonthDocument, type LeaveFragment, type RosterAssignmentFragment, type RosterMonthQuery } from './roster.generated';
import { formatDay, shiftLabel, useRosterRefetch } from './shared';
import '../../i18n/roster-screens';

type Holiday = RosterMonthQuery['holidays'][number];

interface DayInfo {
  shifts: RosterAssignmentFragment[];
  holiday?: Holiday;
  leave?: LeaveFragment;
}

export function MyCalendar({ staffId, month }: { staffId: string; month: string }) {
  const { t, locale } = useI18n();
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RosterMonthDocument,
    variables: { month, year: Number(month.slice(0, 4)) },
  });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const [selected, setSelected] = useState<string | null>(null);

  const info = (day: string): DayInfo => ({
    shifts: (data?.myShifts ?? []).filter((s) => s.day === day),
    holiday: data?.holidays.find((h) => h.day === day),
    leave: data?.myLeaveRequests.find((l) => l.status === 'APPROVED' && within(day, l.startDay, l.endDay)),
  });

  const describe = (day: string, d: DayInfo): string =>
    [
      formatDay(day, locale),
      d.shifts.length ? d.shifts.map((s) => shiftLabel(s.shiftType)).join('、') : t('roster.off'),
      d.holiday &&
        `${t(d.holiday.kind === 'HOLIDAY' ? 'roster.holiday' : 'roster.workday')} ${d.holiday.name}${d.holiday.provisional ? ` (${t('roster.provisional')})` : ''}`,
      d.leave && `${t('roster.onLeave')} ${(locale === 'en' ? d.leave.leaveType?.nameEn : d.leave.leaveType?.nameZh) ?? ''}`,
    ]
      .filter(Boolean)
      .join(' · ');

  const weekdays = Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(locale, { weekday: 'narrow', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 5 + i))),
  );
  const sel = selected && selected.startsWith(month) ? selected : null;
  const selInfo = sel ? info(sel) : null;

  return (
    <section class="card" aria-labelledby="cal-title">
      <h2 id="cal-title">{t('roster.myRoster')}</h2>
      {/* One status line of fixed height (loading, no shifts, or empty), so the grid under it never moves. */}
      {error && !data ? (
        <p class="error cal-status" role="alert">
          {t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}
        </p>
      ) : (
        <p class="muted cal-status">{fetching && !data ? t('today.loading') : data && data.myShifts.length === 0 ? t('roster.noShifts') : ''}</p>
      )}
      <div class="calendar" role="group" aria-label={t('roster.myRoster')}>
        {weekdays.map((w, i) => (
          <span key={`w${i}`} class="weekday" aria-hidden="true">
            {w}
          </span>
        ))}
        {monthWeeks(month)
          .flat()
          .map((day, i) => {
            if (!day) return <span key={`e${i}`} class="cal-empty" />;
            const d = info(day);
            const cls = [
              'cal-day',
              d.holiday?.kind === 'HOLIDAY' && 'is-holiday',
              d.holiday?.kind === 'WORKDAY' && 'is-workday',
              d.leave && 'is-leave',
              d.shifts.some((s) => s.shiftType.night) && 'is-night',
              sel === day && 'selected',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <button key={day} type="button" class={cls} aria-pressed={sel === day} aria-label={describe(day, d)} onClick={() => setSelected(day)}>
                <span class="num">{Number(day.slice(8))}</span>
                <span class="mark">
                  {d.leave ? t('roster.mark.leave') : d.shifts[0] ? d.shifts[0].shiftType.name.slice(0, 2) : ''}
                </span>
                {d.holiday && <span class="hol">{t(d.holiday.kind === 'HOLIDAY' ? 'roster.mark.holiday' : 'roster.mark.workday')}</span>}
              </button>
            );
          })}
      </div>
      <p class="legend small muted">
        <span class="dot holiday" /> {t('roster.holiday')} <span class="dot workday" /> {t('roster.workday')} <span class="dot leave" />{' '}
        {t('roster.onLeave')}
      </p>
      {sel && selInfo && (
        <div class="day-detail" aria-live="polite">
          <h3>{formatDay(sel, locale)}</h3>
          {selInfo.holiday && (
            <p>
              <span class="tag">{t(selInfo.holiday.kind === 'HOLIDAY' ? 'roster.holiday' : 'roster.workday')}</span> {selInfo.holiday.name}
              {selInfo.holiday.provisional && <span class="tag pending">{t('roster.provisional')}</span>}
            </p>
          )}
          {selInfo.holiday?.provisional && <p class="small muted">{t('roster.provisionalHint')}</p>}
          {selInfo.shifts.length === 0 && <p class="muted">{t('roster.off')}</p>}
          {selInfo.shifts.map((s) => (
            <p key={s.id}>{shiftLabel(s.shiftType)}</p>
          ))}
          {selInfo.leave && (
            <p>
              {t('roster.onLeave')}: {(locale === 'en' ? selInfo.leave.leaveType?.nameEn : selInfo.leave.leaveType?.nameZh) ?? ''}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
