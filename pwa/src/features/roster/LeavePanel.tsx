// Leave (请假): ask for whole days, then follow the request level by level along the
// reporting chain, or withdraw it while it is pending. A night shift cannot be taken as
// leave: the refusal says so, and the cover offer under it finds a colleague to swap with.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { isOnline } from '../../app/network';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import { addMonths, dayOf } from './month';
import { LeaveTypesDocument, RosterMonthDocument, type LeaveFragment } from './roster.generated';
import { CoverOffers } from './CoverOffer';
import { LeaveBalanceHint } from './LeaveBalance';
import { ChangeState, NewRequestRefusals, formatDay, queueRosterChange, useRefetchAfterSync, useRosterOutbox } from './shared';

export function LeavePanel({ staffId, month }: { staffId: string; month: string }) {
  return (
    <>
      <NewLeave staffId={staffId} />
      <MyLeave staffId={staffId} month={month} />
    </>
  );
}

function NewLeave({ staffId }: { staffId: string }) {
  const { t, locale } = useI18n();
  const [{ data }] = useQuery({ query: LeaveTypesDocument });
  const types = (data?.leaveTypes ?? []).filter((l) => l.active);
  const tomorrow = dayOf(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
  const [typeId, setTypeId] = useState('');
  const [start, setStart] = useState(tomorrow);
  const [end, setEnd] = useState(tomorrow);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const chosen = types.find((l) => l.id === typeId);
  const outboxItems = useRosterOutbox(staffId);
  const valid = Boolean(chosen) && start !== '' && end >= start && reason.trim().length >= 2;

  async function send() {
    if (!chosen) return;
    const name = locale === 'en' ? chosen.nameEn : chosen.nameZh;
    await queueRosterChange(staffId, {
      type: 'requestLeave',
      leaveTypeId: chosen.id,
      startDay: start,
      endDay: end,
      reason: reason.trim(),
      summary: `${name} · ${formatDay(start, locale)}–${formatDay(end, locale)}`,
      occurredAt: new Date().toISOString(),
    });
    setReason('');
    setNotice(isOnline() ? t('roster.leave.sent') : t('roster.leave.queued'));
  }

  return (
    <section class="card" aria-labelledby="new-leave-title">
      <h2 id="new-leave-title">{t('roster.leave.new')}</h2>
      <label for="leave-type">{t('roster.leave.type')}</label>
      <select id="leave-type" value={typeId} onChange={(e) => setTypeId(e.currentTarget.value)}>
        <option value="">{t('roster.choose')}</option>
        {types.map((l) => (
          <option key={l.id} value={l.id}>
            {locale === 'en' ? l.nameEn : l.nameZh}
          </option>
        ))}
      </select>
      <div class="two">
        <span>
          <label for="leave-start">{t('roster.leave.start')}</label>
          <input id="leave-start" type="date" value={start} min={tomorrow} onInput={(e) => setStart(e.currentTarget.value)} />
        </span>
        <span>
          <label for="leave-end">{t('roster.leave.end')}</label>
          <input id="leave-end" type="date" value={end} min={start} onInput={(e) => setEnd(e.currentTarget.value)} />
        </span>
      </div>
      <LeaveBalanceHint leaveTypeId={typeId} start={start} end={end} />
      <label for="leave-reason">{t('roster.leave.reason')}</label>
      <input id="leave-reason" maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <p class="muted small">{t('roster.leave.rules')}</p>
      <button type="button" class="btn primary block" disabled={!valid} onClick={() => void send()}>
        {t('roster.leave.send')}
      </button>
      {notice && (
        <p class="muted small" role="status">
          {notice}
        </p>
      )}
      <NewRequestRefusals staffId={staffId} types={['requestLeave']} />
      <CoverOffers staffId={staffId} refused={outboxItems} />
    </section>
  );
}

function MyLeave({ staffId, month }: { staffId: string; month: string }) {
  const { t } = useI18n();
  const year = Number(month.slice(0, 4));
  const [{ data }, reexecute] = useQuery({ query: RosterMonthDocument, variables: { month, year } });
  // A request made for next month shows up there; look one month ahead as well.
  const next = addMonths(month, 1);
  const [{ data: later }, reexecuteLater] = useQuery({ query: RosterMonthDocument, variables: { month: next, year: Number(next.slice(0, 4)) } });
  useRefetchAfterSync(staffId, () => {
    reexecute({ requestPolicy: 'network-only' });
    reexecuteLater({ requestPolicy: 'network-only' });
  });
  const all = new Map([...(data?.myLeaveRequests ?? []), ...(later?.myLeaveRequests ?? [])].map((l) => [l.id, l]));
  const list = [...all.values()].sort((a, b) => (a.startDay < b.startDay ? -1 : 1));
  return (
    <section class="card" aria-labelledby="my-leave-title">
      <h2 id="my-leave-title">{t('roster.leave.mine')}</h2>
      {data && list.length === 0 && <p class="muted">{t('roster.leave.mineEmpty')}</p>}
      <ul class="list">
        {list.map((l) => (
          <LeaveItem key={l.id} leave={l} staffId={staffId} cancellable />
        ))}
      </ul>
    </section>
  );
}

/**
 * One leave request with its approval chain. `cancellable` (the requester's own list) adds a
 * button to withdraw it while it is pending; `staffId` shows that change's state in place.
 */
export function LeaveItem({ leave: l, staffId, cancellable = false }: { leave: LeaveFragment; staffId?: string; cancellable?: boolean }) {
  const { t, locale } = useI18n();
  // Colleagues see that someone is away, not the type or reason (both null for them).
  const name = l.leaveType ? (locale === 'en' ? l.leaveType.nameEn : l.leaveType.nameZh) : t('roster.onLeave');
  async function withdraw() {
    if (!staffId) return;
    await queueRosterChange(staffId, {
      type: 'cancelLeave',
      leaveId: l.id,
      version: l.version,
      summary: `${name} · ${formatDay(l.startDay, locale)}–${formatDay(l.endDay, locale)}`,
      occurredAt: new Date().toISOString(),
    });
  }
  return (
    <li>
      <div class="row">
        <strong>{name}</strong>
        <span class={`tag leave-${l.status}`}>{t(`roster.leaveStatus.${l.status}`)}</span>
      </div>
      <p class="small">
        {formatDay(l.startDay, locale)} – {formatDay(l.endDay, locale)}
        {l.reason ? ` · ${l.reason}` : ''}
      </p>
      <ol class="steps" aria-label={t('roster.leave.steps')}>
        {l.steps.map((s) => (
          <li key={s.level} class={s.decision ? `step ${s.decision}` : l.status === 'PENDING' && s.level === l.currentLevel ? 'step current' : 'step'}>
            {t('roster.leave.level', { level: s.level, name: s.approver.name })}:{' '}
            {s.decision
              ? t(s.decision === 'APPROVE' ? 'roster.decision.APPROVE' : 'roster.decision.REJECT')
              : l.status === 'PENDING' && s.level === l.currentLevel
                ? t('roster.leave.waiting')
                : t('roster.leave.notYet')}
            {s.actedBy && s.actedBy.id !== s.approver.id && ` (${t('roster.leave.delegate', { name: s.actedBy.name })})`}
            {s.decidedAt && <span class="muted small"> · {formatDateTime(s.decidedAt, locale)}</span>}
            {s.comment && <span class="block small muted">{s.comment}</span>}
          </li>
        ))}
      </ol>
      {staffId && <ChangeState staffId={staffId} subjectId={l.id} />}
      {cancellable && staffId && l.status === 'PENDING' && (
        <div class="actions">
          <button type="button" class="btn small" onClick={() => void withdraw()}>
            {t('roster.leave.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}
