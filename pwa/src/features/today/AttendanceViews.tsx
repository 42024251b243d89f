// Attendance against the roster: my month (every shift with its punches, late arrivals and
// early leaves marked), and for supervisors a depot's day: who is late, left early, absent
// or on leave. Shown in the Roster tab's 考勤 view, which loads on demand.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { formatTime, useI18n } from '../../i18n/i18n';
import { dayOf } from '../roster/month';
import { formatDay, shiftLabel } from '../roster/shared';
import { marksOf, onDutyTotalsOf, problemsFirst, totalsOf, type AttendanceMark } from './attendance';
import { DepotOnDutyNowDocument } from './onduty.generated';
import { onDutyText } from './onDutyText';
import { AttendanceDepotDocument, DepotAttendanceDayDocument, MyAttendanceMonthDocument, type AttendanceRowFragment } from './today.generated';

function Marks({ record: r, now }: { record: AttendanceRowFragment; now: Date }) {
  const { t, locale } = useI18n();
  const text = (m: AttendanceMark): string => {
    switch (m) {
      case 'notArrived':
        return onDutyText(locale).notArrived;
      case 'late':
        return t('att.late', { minutes: r.lateMinutes });
      case 'early':
        return t('att.early', { minutes: r.earlyLeaveMinutes });
      default:
        return t(`att.${m}`);
    }
  };
  return (
    <span class="att-marks">
      {marksOf(r, now).map((m) => (
        <span key={m} class={`tag att-${m}`}>
          {text(m)}
        </span>
      ))}
    </span>
  );
}

function Times({ record: r }: { record: AttendanceRowFragment }) {
  const { t, locale } = useI18n();
  if (!r.clockIn && !r.clockOut) return null;
  const at = (p: { occurredAt: string } | null | undefined) => (p ? formatTime(p.occurredAt, locale) : '—');
  return <p class="small muted">{t('att.times', { in: at(r.clockIn), out: at(r.clockOut) })}</p>;
}

export function MyAttendanceMonth({ month }: { month: string }) {
  const { t, locale } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: MyAttendanceMonthDocument, variables: { month }, requestPolicy: 'cache-and-network' });
  const records = data?.myAttendanceRecords ?? [];
  const totals = totalsOf(records);
  const now = new Date();
  return (
    <section class="card" aria-labelledby="att-title">
      <h2 id="att-title">{t('att.title')}</h2>
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {error && !data && <p class="error" role="alert">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && records.length === 0 && <p class="muted">{t('att.none')}</p>}
      {records.length > 0 && (
        <p class="att-summary" role="status">
          {t('att.summary', { shifts: totals.shifts, late: totals.late, early: totals.early, missing: totals.missing })}
        </p>
      )}
      <ul class="list" aria-label={t('att.list')}>
        {records.map((r) => (
          <li key={r.shift.id}>
            <div class="row">
              <span>
                <strong>{formatDay(r.shift.day, locale)}</strong> <span class="small">{shiftLabel(r.shift.shiftType)}</span>
              </span>
              <Marks record={r} now={now} />
            </div>
            <Times record={r} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DepotAttendanceDay() {
  const { t } = useI18n();
  const [{ data: me }] = useQuery({ query: AttendanceDepotDocument });
  const depot = me?.me.depot;
  const [day, setDay] = useState(() => dayOf(new Date(), 'Asia/Shanghai'));
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DepotAttendanceDayDocument,
    variables: { depotId: depot?.id ?? '', day },
    pause: !depot || !day,
    requestPolicy: 'network-only',
  });
  const now = new Date();
  const records = problemsFirst(data?.depotAttendance ?? [], now);
  const totals = totalsOf(records);
  return (
    <section class="card" aria-labelledby="att-depot-title">
      <div class="card-head">
        <h2 id="att-depot-title">
          {t('att.depot')} {depot ? `· ${depot.name}` : ''}
        </h2>
        <button type="button" class="btn small" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          {t('roster.refresh')}
        </button>
      </div>
      <label for="att-day">{t('att.day')}</label>
      <input id="att-day" type="date" value={day} onInput={(e) => setDay(e.currentTarget.value)} />
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {error && !data && <p class="error" role="alert">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && records.length === 0 && <p class="muted">{t('att.depotEmpty')}</p>}
      {records.length > 0 && (
        <p class="att-summary" role="status">
          {t('att.depotSummary', { shifts: totals.shifts, late: totals.late, early: totals.early, missing: totals.missing, leave: totals.leave })}
        </p>
      )}
      <ul class="list" aria-label={t('att.depotList')}>
        {records.map((r) => (
          <li key={r.shift.id}>
            <div class="row">
              <span>
                <strong>{r.shift.staff.name}</strong> <span class="small muted">{r.shift.staff.employeeNo}</span>
              </span>
              <Marks record={r} now={now} />
            </div>
            <p class="small">{shiftLabel(r.shift.shiftType)}</p>
            <Times record={r} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 当前在岗 (Today, supervisors): every shift under way at the depot now, problems first:
 *  who has not arrived past the grace, who came late, who clocked in when, who is on leave. */
export function OnDutyNow() {
  const { t, locale } = useI18n();
  const w = onDutyText(locale);
  const [{ data: me }] = useQuery({ query: AttendanceDepotDocument });
  const depot = me?.me.depot;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DepotOnDutyNowDocument,
    variables: { depotId: depot?.id ?? '' },
    pause: !depot,
    requestPolicy: 'network-only',
  });
  const now = new Date();
  const records = problemsFirst(data?.depotOnDutyNow ?? [], now);
  const totals = onDutyTotalsOf(records);
  return (
    <section class="card" aria-labelledby="att-now-title">
      <div class="card-head">
        <h2 id="att-now-title">
          {w.title} {depot ? `· ${depot.name}` : ''}
        </h2>
        <button type="button" class="btn small" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          {t('roster.refresh')}
        </button>
      </div>
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {error && !data && <p class="error" role="alert">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && records.length === 0 && <p class="muted">{w.empty}</p>}
      {records.length > 0 && (
        <p class="att-summary" role="status">
          {w.summary(totals)}
        </p>
      )}
      <ul class="list" aria-label={w.list}>
        {records.map((r) => (
          <li key={r.shift.id}>
            <div class="row">
              <span>
                <strong>{r.shift.staff.name}</strong> <span class="small muted">{r.shift.staff.employeeNo}</span>
              </span>
              <Marks record={r} now={now} />
            </div>
            <p class="small">
              {shiftLabel(r.shift.shiftType)}
              {r.clockIn ? ` · ${w.clockedInAt(formatTime(r.clockIn.occurredAt, locale))}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
