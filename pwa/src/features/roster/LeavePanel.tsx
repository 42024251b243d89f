// Leave (请假): ask for whole days, then follow the request level by level along the
// reporting chain, or withdraw it while it is pending. The form runs the server's dry run
// (checkLeave) as it is filled, so a refusal (night shift, holiday duty, swap day, balance)
// is explained before sending; for a night shift the cover offer finds a colleague to swap with.
import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { useOnline } from '../../app/network';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import { addMonths, dayOf } from './month';
import { CheckLeaveDocument, LeaveTypesDocument, RosterMonthDocument, type LeaveFragment } from './roster.generated';
import { CoverOffer, CoverOffers } from './CoverOffer';
import { LeaveBalanceHint } from './LeaveBalance';
import { ChangeState, NewRequestRefusals, RuleList, formatDay, queueRosterChange, useDebounced, useRosterRefetch, useRosterOutbox } from './shared';
import '../../i18n/roster-screens';

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
  const online = useOnline();
  const [{ data }] = useQuery({ query: LeaveTypesDocument });
  const types = (data?.leaveTypes ?? []).filter((l) => l.active);
  const tomorrow = dayOf(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
  const [typeId, setTypeId] = useState('');
  const [start, setStart] = useState(tomorrow);
  const [end, setEnd] = useState(tomorrow);
  const [reason, setReason] = useState('');
  const [sentKey, setSentKey] = useState<string | null>(null);
  const chosen = types.find((l) => l.id === typeId);
  const outboxItems = useRosterOutbox(staffId);
  const valid = Boolean(chosen) && start !== '' && end >= start && reason.trim().length >= 2;

  // The dry run (checkLeave) runs as the form is filled, with the same rules as the request:
  // every refusal is explained before anything is sent. Offline it cannot answer (the
  // request fails at once, without reaching a server) and the form says the server checks
  // the request when it is sent.
  const proposal = useDebounced(chosen && start !== '' && end >= start ? `${typeId}|${start}|${end}` : '', 350);
  const [leaveTypeId, startDay, endDay] = proposal.split('|');
  const [{ data: check, fetching: checking, error: checkError }, recheck] = useQuery({
    query: CheckLeaveDocument,
    variables: { input: { leaveTypeId: leaveTypeId ?? '', startDay: startDay ?? '', endDay: endDay ?? '' } },
    pause: proposal === '',
    requestPolicy: 'network-only',
  });
  // Back online, check again what the form holds; while the check cannot reach the server,
  // try again every few seconds (the browser's online event can come before the network).
  const unreachable = Boolean(checkError?.networkError);
  useEffect(() => {
    if (online && proposal !== '') recheck({ requestPolicy: 'network-only' });
  }, [online]);
  useEffect(() => {
    if (proposal === '' || (online && !unreachable)) return;
    const timer = setInterval(() => recheck({ requestPolicy: 'network-only' }), 3000);
    return () => clearInterval(timer);
  }, [online, unreachable, proposal]);
  const current = proposal !== '' && proposal === `${typeId}|${start}|${end}`;
  const result = current && online ? check?.checkLeave : undefined;
  const refused = result !== undefined && !result.allowed;
  // Offline (or when the check itself cannot be reached) the request is queued and the server
  // checks it when it is sent; online, only a request the dry run passed can be sent.
  const canSend = valid && (result?.allowed === true || !online || (current && unreachable && !result));

  // What happened to the request just sent: never "已提交" next to a refusal.
  const sent = sentKey ? outboxItems.find((i) => i.key === sentKey) : undefined;
  const sentRefused = sent?.state === 'refused';
  const notice = sentKey && !sentRefused && !refused ? (sent?.state === 'pending' && !online ? t('roster.leave.queued') : t('roster.leave.sent')) : null;

  function edit(apply: () => void) {
    apply();
    setSentKey(null);
  }

  async function send() {
    if (!chosen || !canSend) return;
    const name = locale === 'en' ? chosen.nameEn : chosen.nameZh;
    const item = await queueRosterChange(staffId, {
      type: 'requestLeave',
      leaveTypeId: chosen.id,
      startDay: start,
      endDay: end,
      reason: reason.trim(),
      summary: `${name} · ${formatDay(start, locale)}–${formatDay(end, locale)}`,
      occurredAt: new Date().toISOString(),
    });
    // A fresh form: the days just asked for would now only overlap the request itself.
    setTypeId('');
    setReason('');
    setSentKey(item.key);
  }

  const nights = (result?.violations ?? []).filter((v) => v.code === 'LEAVE_NIGHT_SHIFT');

  return (
    <section class="card" aria-labelledby="new-leave-title">
      <h2 id="new-leave-title">{t('roster.leave.new')}</h2>
      <label for="leave-type">{t('roster.leave.type')}</label>
      <select id="leave-type" value={typeId} onChange={(e) => edit(() => setTypeId(e.currentTarget.value))}>
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
          <input id="leave-start" type="date" value={start} min={tomorrow} onInput={(e) => edit(() => setStart(e.currentTarget.value))} />
        </span>
        <span>
          <label for="leave-end">{t('roster.leave.end')}</label>
          <input id="leave-end" type="date" value={end} min={start} onInput={(e) => edit(() => setEnd(e.currentTarget.value))} />
        </span>
      </div>
      <LeaveBalanceHint leaveTypeId={typeId} start={start} end={end} />
      <label for="leave-reason">{t('roster.leave.reason')}</label>
      <input id="leave-reason" maxLength={200} value={reason} onInput={(e) => edit(() => setReason(e.currentTarget.value))} />
      <p class="muted small">{t('roster.leave.rules')}</p>

      <div class="dry-run" aria-live="polite">
        {!chosen && <p class="muted small">{t('roster.leave.checkHint')}</p>}
        {chosen && !online && <p class="muted small">{t('roster.leave.checkOffline')}</p>}
        {chosen && online && !result && !unreachable && (checking || !current) && <p class="muted small">{t('roster.leave.checking')}</p>}
        {chosen && online && current && !result && checkError && (
          <p class="muted small">{unreachable ? t('roster.leave.checkOffline') : checkError.graphQLErrors[0]?.message}</p>
        )}
        {result?.allowed && (
          <p class="ok" role="status">
            {t('roster.leave.allowed')}
          </p>
        )}
        {result && refused && (
          <div class="refusal" role="alert">
            <p>
              <strong>{t('roster.leave.wouldBreak', { count: result.violations.length })}</strong>
            </p>
            <RuleList violations={result.violations} label={t('roster.leave.rulesBroken')} />
          </div>
        )}
      </div>
      <button type="button" class="btn primary block" disabled={!canSend} onClick={() => void send()}>
        {t('roster.leave.send')}
      </button>
      {notice && (
        <p class="muted small" role="status">
          {notice}
        </p>
      )}
      {nights.length > 0 && <CoverOffer staffId={staffId} from={start} to={end} />}
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
  useRosterRefetch(staffId, () => {
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
