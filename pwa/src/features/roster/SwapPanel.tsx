// Shift swaps (换班): answer a colleague's request, ask for a swap after a dry run has
// explained every rule it would break, and follow my swaps of the month.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { isOnline } from '../../app/network';
import { useI18n } from '../../i18n/i18n';
import {
  ApprovalsInboxDocument,
  CheckShiftSwapDocument,
  DepotRosterDocument,
  RosterMonthDocument,
  type SwapFragment,
} from './roster.generated';
import { ChangeState, NewRequestRefusals, RuleList, formatDay, queueRosterChange, shiftLabel, useRosterRefetch } from './shared';
import '../../i18n/roster-screens';

export function SwapPanel({ staffId, month }: { staffId: string; month: string }) {
  return (
    <>
      <SwapRequestsForMe staffId={staffId} />
      <NewSwap staffId={staffId} month={month} />
      <MySwaps staffId={staffId} month={month} />
    </>
  );
}

/** "12月1日周二 白班 08:30–17:30" */
function dayShift(day: string, type: SwapFragment['requesterShiftType'], locale: 'zh-CN' | 'en'): string {
  return `${formatDay(day, locale)} ${shiftLabel(type)}`;
}

function SwapRequestsForMe({ staffId }: { staffId: string }) {
  const { t, locale } = useI18n();
  const [{ data }, reexecute] = useQuery({ query: ApprovalsInboxDocument });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const items = (data?.approvalsInbox ?? []).filter((i) => i.kind === 'SWAP_RESPONSE' && i.shiftSwap);

  async function answer(swap: SwapFragment, accept: boolean) {
    const summary = `${swap.requester.name} · ${formatDay(swap.requesterDay, locale)} ⇄ ${formatDay(swap.colleagueDay, locale)}`;
    await queueRosterChange(staffId, {
      type: 'respondToShiftSwap',
      shiftSwapId: swap.id,
      version: swap.version,
      accept,
      summary,
      occurredAt: new Date().toISOString(),
    });
  }

  return (
    <section class="card" aria-labelledby="for-me-title">
      <h2 id="for-me-title">{t('roster.swap.forMe')}</h2>
      {data && items.length === 0 && <p class="muted">{t('roster.swap.forMeEmpty')}</p>}
      <ul class="list">
        {items.map(({ shiftSwap: s, conflicts }) => {
          if (!s) return null;
          return (
            <li key={s.id}>
              <p>
                <strong>{t('roster.swap.asks', { name: s.requester.name })}</strong>
              </p>
              <p class="small">{t('roster.swap.youWork', { shift: dayShift(s.requesterDay, s.requesterShiftType, locale) })}</p>
              <p class="small">{t('roster.swap.theyWork', { shift: dayShift(s.colleagueDay, s.colleagueShiftType, locale) })}</p>
              {s.reason && <p class="small muted">{t('roster.swap.reasonIs', { reason: s.reason })}</p>}
              {conflicts.length > 0 && <RuleList violations={conflicts} label={t('roster.swap.rulesBroken')} />}
              <ChangeState staffId={staffId} subjectId={s.id} />
              <div class="actions">
                <button type="button" class="btn primary" onClick={() => void answer(s, true)}>
                  {t('roster.swap.accept')}
                </button>
                <button type="button" class="btn" onClick={() => void answer(s, false)}>
                  {t('roster.swap.decline')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function NewSwap({ staffId, month }: { staffId: string; month: string }) {
  const { t, locale } = useI18n();
  const [{ data: mine }] = useQuery({ query: RosterMonthDocument, variables: { month, year: Number(month.slice(0, 4)) } });
  const depotId = mine?.me.depot.id ?? '';
  const [{ data: depot }] = useQuery({ query: DepotRosterDocument, variables: { depotId, month }, pause: !depotId });
  const [myShiftId, setMyShiftId] = useState('');
  const [colleagueId, setColleagueId] = useState('');
  const [theirShiftId, setTheirShiftId] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  // Offer only choices that can pass: no shift that has started (SWAP_IN_PAST), and once my
  // shift is chosen, no colleague who already works that day and none of their shifts on a
  // day I already work (SWAP_DOUBLE_BOOKED). The dry run below checks the remaining rules.
  const now = Date.now();
  const notStarted = (a: { startsAt: string }) => Date.parse(a.startsAt) > now;
  const myShifts = (mine?.myShifts ?? []).filter(notStarted);
  const mineChosen = myShifts.find((s) => s.id === myShiftId);
  const roster = depot?.dutyRoster?.assignments ?? [];
  const myOtherDays = new Set(roster.filter((a) => a.staff.id === mine?.me.id && a.id !== mineChosen?.id).map((a) => a.day));
  const worksMyDay = new Set(roster.filter((a) => mineChosen && a.day === mineChosen.day && a.staff.id !== mine?.me.id).map((a) => a.staff.id));
  const others = roster.filter(
    (a) =>
      a.staff.id !== mine?.me.id &&
      notStarted(a) &&
      !myOtherDays.has(a.day) &&
      // Same day, other shift: a straight exchange. Another day: only if they are free on mine.
      (!mineChosen || a.day === mineChosen.day || !worksMyDay.has(a.staff.id)),
  );
  const colleagues = [...new Map(others.map((a) => [a.staff.id, a.staff])).values()];
  const theirShifts = others.filter((a) => a.staff.id === colleagueId);
  const theirsChosen = theirShifts.find((s) => s.id === theirShiftId);
  const ready = Boolean(mineChosen && colleagueId && theirsChosen);

  const [{ data: check, fetching: checking, error: checkError }] = useQuery({
    query: CheckShiftSwapDocument,
    variables: { input: { requesterShiftId: myShiftId, colleagueId, colleagueShiftId: theirShiftId } },
    pause: !ready,
    requestPolicy: 'network-only',
  });
  const result = ready ? check?.checkShiftSwap : undefined;
  // Offline the dry run cannot answer; the request is then queued and the server checks it.
  const canSend = ready && (result?.allowed === true || (!isOnline() && !result));

  async function send() {
    if (!mineChosen || !theirsChosen) return;
    await queueRosterChange(staffId, {
      type: 'requestShiftSwap',
      requesterShiftId: mineChosen.id,
      colleagueId,
      colleagueShiftId: theirsChosen.id,
      reason: reason.trim(),
      summary: `${theirsChosen.staff.name} · ${formatDay(mineChosen.day, locale)} ⇄ ${formatDay(theirsChosen.day, locale)}`,
      occurredAt: new Date().toISOString(),
    });
    setMyShiftId('');
    setTheirShiftId('');
    setReason('');
    setNotice(isOnline() ? t('roster.swap.sent') : t('roster.swap.queued'));
  }

  return (
    <section class="card" aria-labelledby="new-swap-title">
      <h2 id="new-swap-title">{t('roster.swap.new')}</h2>
      {mine && myShifts.length === 0 && <p class="muted">{t('roster.swap.noShiftsToSwap')}</p>}
      <label for="swap-mine">{t('roster.swap.myShift')}</label>
      <select
        id="swap-mine"
        value={myShiftId}
        onChange={(e) => {
          setMyShiftId(e.currentTarget.value);
          setTheirShiftId('');
        }}
      >
        <option value="">{t('roster.choose')}</option>
        {myShifts.map((s) => (
          <option key={s.id} value={s.id}>
            {formatDay(s.day, locale)} {shiftLabel(s.shiftType)}
          </option>
        ))}
      </select>
      <label for="swap-colleague">{t('roster.swap.colleague')}</label>
      <select
        id="swap-colleague"
        value={colleagueId}
        onChange={(e) => {
          setColleagueId(e.currentTarget.value);
          setTheirShiftId('');
        }}
      >
        <option value="">{t('roster.choose')}</option>
        {colleagues.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.employeeNo})
          </option>
        ))}
      </select>
      <label for="swap-theirs">{t('roster.swap.theirShift')}</label>
      <select id="swap-theirs" value={theirShiftId} disabled={!colleagueId} onChange={(e) => setTheirShiftId(e.currentTarget.value)}>
        <option value="">{t('roster.choose')}</option>
        {theirShifts.map((s) => (
          <option key={s.id} value={s.id}>
            {formatDay(s.day, locale)} {shiftLabel(s.shiftType)}
          </option>
        ))}
      </select>
      <label for="swap-reason">{t('roster.swap.reason')}</label>
      <input id="swap-reason" maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />

      <div class="dry-run" aria-live="polite">
        {!ready && <p class="muted small">{t('roster.swap.checkHint')}</p>}
        {ready && checking && !result && <p class="muted small">{t('roster.swap.checking')}</p>}
        {ready && checkError && !result && (
          <p class="muted small">{checkError.networkError ? t('roster.swap.checkOffline') : checkError.graphQLErrors[0]?.message}</p>
        )}
        {result?.allowed && (
          <p class="ok" role="status">
            {t('roster.swap.allowed')}
          </p>
        )}
        {result && !result.allowed && (
          <div class="refusal" role="alert">
            <p>
              <strong>{t('roster.swap.wouldBreak', { count: result.violations.length })}</strong>
            </p>
            <RuleList violations={result.violations} label={t('roster.swap.rulesBroken')} />
          </div>
        )}
      </div>
      <button type="button" class="btn primary block" disabled={!canSend} onClick={() => void send()}>
        {t('roster.swap.send')}
      </button>
      {notice && (
        <p class="muted small" role="status">
          {notice}
        </p>
      )}
      <NewRequestRefusals staffId={staffId} types={['requestShiftSwap']} />
    </section>
  );
}

function MySwaps({ staffId, month }: { staffId: string; month: string }) {
  const { t, locale } = useI18n();
  const [{ data }, reexecute] = useQuery({ query: RosterMonthDocument, variables: { month, year: Number(month.slice(0, 4)) } });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const swaps = data?.myShiftSwaps ?? [];
  const me = data?.me.id;

  async function withdraw(s: SwapFragment) {
    await queueRosterChange(staffId, {
      type: 'cancelShiftSwap',
      shiftSwapId: s.id,
      version: s.version,
      summary: `${s.colleague.name} · ${formatDay(s.requesterDay, locale)} ⇄ ${formatDay(s.colleagueDay, locale)}`,
      occurredAt: new Date().toISOString(),
    });
  }
  return (
    <section class="card" aria-labelledby="my-swaps-title">
      <h2 id="my-swaps-title">{t('roster.swap.mine')}</h2>
      {data && swaps.length === 0 && <p class="muted">{t('roster.swap.mineEmpty')}</p>}
      <ul class="list">
        {swaps.map((s) => (
          <li key={s.id}>
            <div class="row">
              <strong>{s.requester.id === me ? s.colleague.name : s.requester.name}</strong>
              <span class={`tag swap-${s.status}`}>{t(`roster.swapStatus.${s.status}`)}</span>
            </div>
            <p class="small">
              {dayShift(s.requesterDay, s.requesterShiftType, locale)} ⇄ {dayShift(s.colleagueDay, s.colleagueShiftType, locale)}
            </p>
            {s.decisionComment && <p class="small muted">{t('roster.swap.comment', { comment: s.decisionComment })}</p>}
            <ChangeState staffId={staffId} subjectId={s.id} />
            {s.requester.id === me && (s.status === 'PENDING_COLLEAGUE' || s.status === 'PENDING_APPROVAL') && (
              <div class="actions">
                <button type="button" class="btn small" onClick={() => void withdraw(s)}>
                  {t('roster.swap.cancel')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
