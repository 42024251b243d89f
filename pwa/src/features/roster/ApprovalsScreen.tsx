// The approvals inbox for supervisors and managers: every swap and leave request waiting for
// me, and every claim within my approval limit (decided on its ticket), with what is needed to decide on a phone (who else is on the shift, coverage left,
// the person's swaps this month, rules broken as things stand), decided with a comment.
import { formatFen } from '../../ui/money';
import { useQuery } from '@urql/preact';
import { useRefetchOnCounts } from '../../app/counts';
import { useEffect, useRef, useState } from 'preact/hooks';
import './roster.css';
import { Icon } from '../../app/icons';
import { NOTICE_EVENT, type LiveNotice } from '../../app/live';
import { linkTo } from '../../app/router';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import type { StaffSummary } from '../../session/session';
import type { Decision } from '../../graphql/schema-types';
import { reconcilePath } from '../orders/reconcileLink';
import { LeaveItem } from './LeavePanel';
import { GapOffer, OpenShiftApprovals } from './OpenShifts';
import { ApproverBalance } from './LeaveBalance';
import { ApprovalsInboxDocument, type ApprovalsInboxQuery } from './roster.generated';
import { ChangeState, RuleList, formatDay, queueRosterChange, shiftLabel, useRosterRefetch, useRosterOutbox } from './shared';
import '../../i18n/roster-screens';

type Item = ApprovalsInboxQuery['approvalsInbox'][number];

export function ApprovalsScreen({ staff }: { staff: StaffSummary }) {
  const { t } = useI18n();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApprovalsInboxDocument, requestPolicy: 'cache-and-network' });
  useRosterRefetch(staff.id, () => reexecute({ requestPolicy: 'network-only' }));
  // A swap accepted or a request decided elsewhere changes the counts: the list follows.
  useRefetchOnCounts(() => reexecute({ requestPolicy: 'network-only' }));
  // Live: a request arriving for me (a swap, leave, a claim) refreshes the inbox at once.
  useEffect(() => {
    const onNotice = (e: Event) => {
      const kind = (e as CustomEvent<LiveNotice>).detail.kind;
      if (kind.endsWith('_AWAITS_APPROVAL') || kind === 'RECONCILIATION_ANOMALIES') reexecute({ requestPolicy: 'network-only' });
    };
    window.addEventListener(NOTICE_EVENT, onNotice);
    return () => window.removeEventListener(NOTICE_EVENT, onNotice);
  }, []);
  // Refusals (a CONFLICT when someone else decided first) stay visible after the item left the inbox.
  const refused = useRosterOutbox(staff.id).filter(
    (i) => i.state === 'refused' && (i.change.type === 'decideShiftSwap' || i.change.type === 'decideLeave'),
  );
  const items = (data?.approvalsInbox ?? []).filter((i) => i.kind !== 'SWAP_RESPONSE');
  const shown = new Set(items.map((i) => i.shiftSwap?.id ?? i.leaveRequest?.id));
  return (
    <div class="stack roster">
      <a class="card link-card" href="/inspect" onClick={linkTo('/inspect')}><Icon name="approvals" size={32} /><span><strong>{t('ck.nav.inspect')}</strong><span class="muted small block">{t('ck.approvals.inspectHint')}</span></span></a>
      {refused
        .filter((i) => i.change.type === 'decideShiftSwap' || i.change.type === 'decideLeave')
        .filter((i) => !shown.has('id' in i.change ? i.change.id : ''))
        .map((i) => (
          <section key={i.key} class="card">
            <h2>{i.change.summary}</h2>
            <ChangeState staffId={staff.id} subjectId={'id' in i.change ? i.change.id : ''} />
          </section>
        ))}
      {(staff.roles.includes('SUPERVISOR') || staff.roles.includes('MANAGER')) && <OpenShiftApprovals staff={staff} />}
      {fetching && !data && <p class="muted">{t('today.loading')}</p>}
      {error && !data && <p class="error" role="alert">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && items.length === 0 && (
        <section class="empty">
          <h2>{t('approvals.empty')}</h2>
          <p class="muted">{t('approvals.emptyBody')}</p>
        </section>
      )}
      {items.map((item) =>
        item.stationMonth ? (
          <ReviewCard key={`${item.stationMonth.station.id}/${item.stationMonth.month}`} month={item.stationMonth} receivedAt={item.receivedAt} />
        ) : item.claim ? (
          <ClaimCard key={item.claim.id} claim={item.claim} />
        ) : (
          <ApprovalCard key={item.shiftSwap?.id ?? item.leaveRequest?.id} item={item} staffId={staff.id} />
        ),
      )}
    </div>
  );
}

/** A consignment station's month with anomalies to review: opens the reconciliation screen on that station and month. */
function ReviewCard({ month, receivedAt }: { month: NonNullable<Item['stationMonth']>; receivedAt: string }) {
  const { t, locale } = useI18n();
  const titleId = `approval-review-${month.station.id}-${month.month}`;
  const path = reconcilePath(month.station.id, month.month);
  return (
    <section class="card approval" aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{t('approvals.reviewOf', { station: month.station.name, month: month.month })}</h2>
        <time class="muted small" dateTime={receivedAt}>
          {formatDateTime(receivedAt, locale)}
        </time>
      </div>
      <p class="small">{t('approvals.reviewUndecided', { n: month.undecided })}</p>
      <div class="actions">
        <a class="btn primary" href={path} onClick={linkTo(path)}>
          {t('approvals.reviewOpen')}
        </a>
      </div>
    </section>
  );
}

/** A claim waiting for my decision: who proposed how much and why; decided on its ticket. */
function ClaimCard({ claim }: { claim: NonNullable<Item['claim']> }) {
  const { t, locale } = useI18n();
  const titleId = `approval-${claim.id}`;
  const amount = formatFen(claim.proposedFen, locale);
  const ticketPath = claim.ticket ? `/tickets/${encodeURIComponent(claim.ticket.id)}` : null;
  return (
    <section class="card approval" aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{t('approvals.claimFrom', { name: claim.proposedBy.name, amount })}</h2>
        <time class="muted small" dateTime={claim.createdAt}>
          {formatDateTime(claim.createdAt, locale)}
        </time>
      </div>
      <p class="small">{t('approvals.claimReason', { reason: claim.reason })}</p>
      {claim.ticket && <p class="small muted">{t('approvals.claimTicket', { summary: claim.ticket.summary, waybill: claim.ticket.waybillNo })}</p>}
      {ticketPath && (
        <div class="actions">
          <a class="btn primary" href={ticketPath} onClick={linkTo(ticketPath)}>
            {t('approvals.claimOpen')}
          </a>
        </div>
      )}
    </section>
  );
}

function ApprovalCard({ item, staffId }: { item: Item; staffId: string }) {
  const { t, locale } = useI18n();
  const [comment, setComment] = useState('');
  const [needComment, setNeedComment] = useState(false);
  const commentInput = useRef<HTMLInputElement>(null);
  const swap = item.shiftSwap;
  const leave = item.leaveRequest;
  const subject = swap ?? leave;
  if (!subject) return null;
  const titleId = `approval-${subject.id}`;
  const who = swap ? swap.requester.name : leave!.staff.name;

  async function decide(decision: Decision) {
    if (decision === 'REJECT' && comment.trim() === '') {
      setNeedComment(true);
      // The comment is what is missing: put the cursor there, so the phone's keyboard opens.
      commentInput.current?.focus();
      return;
    }
    setNeedComment(false);
    const summary = swap
      ? `${swap.requester.name} ⇄ ${swap.colleague.name} · ${formatDay(swap.requesterDay, locale)}`
      : `${leave!.staff.name} · ${formatDay(leave!.startDay, locale)}–${formatDay(leave!.endDay, locale)}`;
    await queueRosterChange(staffId, {
      type: swap ? 'decideShiftSwap' : 'decideLeave',
      id: subject!.id,
      version: subject!.version,
      decision,
      comment: comment.trim(),
      summary,
      occurredAt: new Date().toISOString(),
    });
  }

  return (
    <section class="card approval" aria-labelledby={titleId}>
      <div class="card-head">
        <h2 id={titleId}>{t(swap ? 'approvals.swapFrom' : 'approvals.leaveFrom', { name: who })}</h2>
        <time class="muted small" dateTime={item.receivedAt}>
          {formatDateTime(item.receivedAt, locale)}
        </time>
      </div>
      {item.onBehalfOf && <p class="small notice">{t('approvals.onBehalfOf', { name: item.onBehalfOf.name })}</p>}
      {swap && (
        <>
          <p class="small">
            {t('approvals.swapLine', {
              requester: swap.requester.name,
              colleague: swap.colleague.name,
              shift: `${formatDay(swap.requesterDay, locale)} ${shiftLabel(swap.requesterShiftType)}`,
            })}
          </p>
          <p class="small">
            {t('approvals.swapLine', {
              requester: swap.colleague.name,
              colleague: swap.requester.name,
              shift: `${formatDay(swap.colleagueDay, locale)} ${shiftLabel(swap.colleagueShiftType)}`,
            })}
          </p>
          {swap.reason && <p class="small muted">{t('roster.swap.reasonIs', { reason: swap.reason })}</p>}
        </>
      )}
      {leave && (
        <ul class="list">
          <LeaveItem leave={leave} />
        </ul>
      )}
      {leave && <ApproverBalance balance={leave.balance} />}

      <h3>{t('approvals.conflicts')}</h3>
      {item.conflicts.length === 0 ? (
        <p class="ok small">{t('approvals.noConflicts')}</p>
      ) : (
        <div class="refusal">
          <RuleList violations={item.conflicts} label={t('approvals.conflicts')} />
        </div>
      )}

      <h3>{t('approvals.coverage')}</h3>
      {item.coverage.length === 0 && <p class="muted small">{t('approvals.noCoverage')}</p>}
      <ul class="list">
        {item.coverage.map((c) => (
          <li key={`${c.day}-${c.shiftType.id}`} class="small">
            <strong>
              {formatDay(c.day, locale)} {shiftLabel(c.shiftType)}
            </strong>
            <span class="block">
              {t('approvals.others', { names: c.others.length ? c.others.map((o) => o.name).join('、') : t('approvals.nobody') })}
            </span>
            <span class={c.coverageLeft < 1 ? 'block error' : 'block'}>{t('approvals.coverageLeft', { count: c.coverageLeft })}</span>
            {leave && <GapOffer staffId={staffId} leaveId={leave.id} depotId={leave.staff.depot.id} coverage={c} />}
          </li>
        ))}
      </ul>

      {swap && (
        <>
          <h3>{t('approvals.swapsThisMonth', { name: swap.requester.name, count: item.swapsThisMonth.length })}</h3>
          <ul class="list">
            {item.swapsThisMonth.map((s) => (
              <li key={s.id} class="small row">
                <span>
                  {formatDay(s.requesterDay, locale)} ⇄ {formatDay(s.colleagueDay, locale)} · {s.colleague.id === swap.requester.id ? s.requester.name : s.colleague.name}
                </span>
                <span class="tag">{t(`roster.swapStatus.${s.status}`)}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <label for={`comment-${subject.id}`}>{t('approvals.comment')}</label>
      <input
        id={`comment-${subject.id}`}
        ref={commentInput}
        value={comment}
        maxLength={200}
        aria-invalid={needComment}
        aria-describedby={needComment ? `comment-err-${subject.id}` : undefined}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      {needComment && (
        <p id={`comment-err-${subject.id}`} class="error small" role="alert">
          {t('approvals.commentRequired')}
        </p>
      )}
      <ChangeState staffId={staffId} subjectId={subject.id} />
      <div class="actions">
        <button type="button" class="btn primary" onClick={() => void decide('APPROVE')}>
          {t('approvals.approve')}
        </button>
        <button type="button" class="btn danger" onClick={() => void decide('REJECT')}>
          {t('approvals.reject')}
        </button>
      </div>
    </section>
  );
}
