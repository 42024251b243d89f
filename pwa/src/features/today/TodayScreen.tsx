import { useQuery } from '@urql/preact';
import { lazy, Suspense } from 'preact/compat';
import { useState } from 'preact/hooks';
import { Icon } from '../../app/icons';
import { linkTo } from '../../app/router';
import { isOnline } from '../../app/network';
import { formatDateLong, formatTime, useI18n } from '../../i18n/i18n';
import { OutboxPanel } from '../../outbox/OutboxPanel';
import type { OutboxItem } from '../../outbox/types';
import { isClockPunch, type ClockPunchChange } from './punch';
import { submitChange, useOutbox } from '../../outbox/sync';
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import type { StaffSummary } from '../../session/session';
import { Waiting } from './Waiting';
import { UpcomingShifts } from './Shifts';
import { OpenTicketsAtClockOutDocument, TodayDocument, type AttendancePunchKind } from './today.generated';

// Supervisors only: loaded when needed, keeping the first screen small.
const OnDutyNow = lazy(() => import('./AttendanceViews').then((m) => ({ default: m.OnDutyNow })));

export function TodayScreen({ staff }: { staff: StaffSummary }) {
  const { t, locale } = useI18n();
  // Supervisors see who is on duty now: clocked in, late, not arrived (not only rostered).
  const supervises = staff.roles.includes('SUPERVISOR') || staff.roles.includes('MANAGER');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: TodayDocument });
  const { items } = useOutbox(staff.id);
  const [notice, setNotice] = useState<string | null>(null);
  const punches = data?.myAttendance ?? [];
  const pending = items.filter((i): i is OutboxItem & { change: ClockPunchChange } => i.state === 'pending' && isClockPunch(i.change));

  // When queued punches reach the server, show the server's list rather than the queue.
  useRefetchAfterSync(staff.id, isClockPunch, () => reexecute({ requestPolicy: 'network-only' }));

  // Clocking out asks for a handover of the open tickets: a ticket left with someone off
  // shift is dropped (and shows in the supervisor's at-risk queue).
  const [clockedOut, setClockedOut] = useState(false);
  const [{ data: open }] = useQuery({ query: OpenTicketsAtClockOutDocument, requestPolicy: 'cache-and-network', pause: !clockedOut });

  async function punch(kind: AttendancePunchKind) {
    setClockedOut(kind === 'CLOCK_OUT');
    await submitChange(staff.id, { type: 'recordAttendance', kind, occurredAt: new Date().toISOString() });
    const name = t(`punch.${kind}`);
    setNotice(isOnline() ? t('today.punchSaved', { kind: name }) : t('today.punchQueued', { kind: name }));
  }

  return (
    <div class="stack">
      <Waiting />
      <section class="hello">
        <h2>{t('today.greeting', { name: data?.me.name ?? staff.name })}</h2>
        <p class="muted">{formatDateLong(new Date(), locale)}</p>
      </section>

      <UpcomingShifts />
      {supervises && (
        <Suspense fallback={null}>
          <OnDutyNow />
        </Suspense>
      )}
      <OutboxPanel staffId={staff.id} />

      <section class="card" aria-labelledby="punches-title">
        <h2 id="punches-title">{t('today.punches')}</h2>
        {fetching && !data && <p class="muted">{t('today.loading')}</p>}
        {error && !data && !error.networkError && (
          <p class="error" role="alert">
            {t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}
          </p>
        )}
        {data && punches.length === 0 && pending.length === 0 && <p class="muted">{t('today.noPunches')}</p>}
        <ul class="list punches" aria-live="polite">
          {punches.map((p) => (
            <li key={p.id} class="row">
              <span>{t(`punch.${p.kind}`)}</span>
              <time dateTime={p.occurredAt}>{formatTime(p.occurredAt, locale)}</time>
            </li>
          ))}
          {pending.map((i) => (
            <li key={i.key} class="row pending">
              <span>
                {t(`punch.${i.change.kind}`)} <span class="tag pending">{t('outbox.pending')}</span>
              </span>
              <time dateTime={i.change.occurredAt}>{formatTime(i.change.occurredAt, locale)}</time>
            </li>
          ))}
        </ul>
        <div class="actions">
          <button type="button" class="btn primary" onClick={() => void punch('CLOCK_IN')}>
            {t('today.clockIn')}
          </button>
          <button type="button" class="btn" onClick={() => void punch('CLOCK_OUT')}>
            {t('today.clockOut')}
          </button>
        </div>
        {notice && (
          <p class="muted small" role="status">
            {notice}
          </p>
        )}
      </section>

      {clockedOut && open && (
        <section class={open.myTickets.length ? 'card notice' : 'card'} aria-labelledby="handover-title" role="region">
          <h2 id="handover-title">{open.myTickets.length ? t('today.handoverTitle', { count: open.myTickets.length }) : t('today.handoverNone')}</h2>
          {open.myTickets.length > 0 && (
            <>
              <p class="small">{t('today.handoverBody')}</p>
              <ul class="list">
                {open.myTickets.map((tk) => {
                  const to = `/tickets/${encodeURIComponent(tk.id)}`;
                  return (
                    <li key={tk.id}>
                      <a href={to} onClick={linkTo(to)}>
                        {t('today.handoverTicket', { summary: tk.summary, waybill: tk.waybillNo })}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <div class="actions">
            <button type="button" class="btn small" onClick={() => setClockedOut(false)}>
              {t('today.handoverDismiss')}
            </button>
          </div>
        </section>
      )}

      <a class="card link-card" href="/roster#attendance" onClick={linkTo('/roster#attendance')}>
        <Icon name="roster" size={32} />
        <span>
          <strong>{t('att.title')}</strong>
          <span class="muted small block">{t('att.hint')}</span>
        </span>
      </a>

      <a class="card link-card" href="/checks" onClick={linkTo('/checks')}><Icon name="approvals" size={32} /><span><strong>{t('ck.nav.checks')}</strong><span class="muted small block">{t('ck.today.checksHint')}</span></span></a>
      <a class="card link-card" href="/notices" onClick={linkTo('/notices')}><Icon name="today" size={32} /><span><strong>{t('ck.nav.notices')}</strong><span class="muted small block">{t('ck.today.noticesHint')}</span></span></a>

      <a class="card link-card" href="/orders" onClick={linkTo('/orders')}>
        <Icon name="orders" size={32} />
        <span>
          <strong>{t('today.orders')}</strong>
          <span class="muted small block">{t('today.ordersHint')}</span>
        </span>
      </a>

      <a class="card link-card" href="/scan" onClick={linkTo('/scan')}>
        <Icon name="scan" size={32} />
        <span>
          <strong>{t('today.scan')}</strong>
          <span class="muted small block">{t('today.scanHint')}</span>
        </span>
      </a>
    </div>
  );
}
