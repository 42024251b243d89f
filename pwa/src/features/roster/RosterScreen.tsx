// The Roster tab: my month as a calendar, swaps, leave, attendance against the roster, and
// for supervisors the depot's attendance of a day, the on-duty board and the roster editor. One month is chosen at the top and shared by every view.
import { useState } from 'preact/hooks';
import './roster.css';
import { useI18n } from '../../i18n/i18n';
import { useAvailabilityI18n } from '../../i18n/availability';
import { useOpenShiftsI18n } from '../../i18n/open-shifts';
import type { MessageKey } from '../../i18n/messages';
import type { StaffSummary } from '../../session/session';
import { AvailabilityPanel } from './Availability';
import { LeavePanel } from './LeavePanel';
import { monthOf, addMonths } from './month';
import { MyCalendar } from './MyCalendar';
import { Notifications } from './Notifications';
import { OnDutyBoard } from './OnDutyBoard';
import { OpenShiftsPanel } from './OpenShifts';
import { RosterEditor } from './RosterEditor';
import { formatMonth } from './shared';
import { SwapPanel } from './SwapPanel';
import { DepotAttendanceDay, MyAttendanceMonth } from '../today/AttendanceViews';
import '../../i18n/roster-screens';

type View = 'calendar' | 'swaps' | 'leave' | 'open' | 'avail' | 'attendance' | 'duty' | 'editor';

const viewLabels: Record<Exclude<View, 'open' | 'avail'>, MessageKey> = {
  calendar: 'roster.view.calendar',
  swaps: 'roster.view.swaps',
  leave: 'roster.view.leave',
  attendance: 'roster.view.attendance',
  duty: 'roster.view.duty',
  editor: 'roster.view.editor',
};

export function isRosterSupervisor(roles: readonly string[]): boolean {
  return roles.includes('SUPERVISOR') || roles.includes('MANAGER');
}

export function RosterScreen({ staff }: { staff: StaffSummary }) {
  const { t, locale } = useI18n();
  const { ot } = useOpenShiftsI18n();
  const { at } = useAvailabilityI18n();
  // The Today screen links to /roster#attendance.
  const [view, setView] = useState<View>(() => (typeof location !== 'undefined' && location.hash === '#attendance' ? 'attendance' : 'calendar'));
  const [month, setMonth] = useState(() => monthOf(new Date(), 'Asia/Shanghai'));
  const supervisor = isRosterSupervisor(staff.roles);
  const views: View[] = supervisor
    ? ['calendar', 'swaps', 'leave', 'open', 'avail', 'attendance', 'duty', 'editor']
    : ['calendar', 'swaps', 'leave', 'open', 'avail', 'attendance'];

  return (
    <div class="stack roster">
      <div class={`segmented roster-views n${views.length}`} role="group" aria-label={t('roster.views')}>
        {views.map((v) => (
          <button key={v} type="button" class={view === v ? 'seg on' : 'seg'} aria-pressed={view === v} onClick={() => setView(v)}>
            {v === 'open' ? ot('open.view') : v === 'avail' ? at('avail.view') : t(viewLabels[v])}
          </button>
        ))}
      </div>

      {view !== 'duty' && view !== 'open' && (
        <div class="month-nav">
          <button type="button" class="btn small" aria-label={t('roster.prevMonth')} onClick={() => setMonth(addMonths(month, -1))}>
            ‹
          </button>
          <h2 aria-live="polite">{formatMonth(month, locale)}</h2>
          <button type="button" class="btn small" aria-label={t('roster.nextMonth')} onClick={() => setMonth(addMonths(month, 1))}>
            ›
          </button>
        </div>
      )}

      {view === 'calendar' && (
        <>
          {/* Notices load after the calendar's frame is drawn: below it, they push nothing down (CLS). */}
          <MyCalendar staffId={staff.id} month={month} />
          <Notifications staffId={staff.id} onOpen={() => setView('swaps')} />
        </>
      )}
      {view === 'swaps' && <SwapPanel staffId={staff.id} month={month} />}
      {view === 'leave' && <LeavePanel staffId={staff.id} month={month} />}
      {view === 'open' && <OpenShiftsPanel staff={staff} supervisor={supervisor} />}
      {view === 'avail' && <AvailabilityPanel staffId={staff.id} month={month} />}
      {view === 'attendance' && (
        <>
          {supervisor && <DepotAttendanceDay />}
          <MyAttendanceMonth month={month} />
        </>
      )}
      {view === 'duty' && <OnDutyBoard />}
      {view === 'editor' && <RosterEditor key={month} staffId={staff.id} month={month} />}
    </div>
  );
}
