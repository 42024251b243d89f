// A ticket's claims, with the decision and the payment for those who may take them.
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n, type TicketsKey } from '../../i18n/tickets';
import type { StaffSummary } from '../../session/session';
import { formatFen } from '../../ui/money';
import { Field, queueTicketChange } from './common';
import type { TicketClaimFragment } from './tickets.generated';
import { Submit, toFen, type Ticket } from './ticket-forms/shared';

export function TicketClaims({ ticket, staff }: { ticket: Ticket; staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  return (
    <section class="card" aria-labelledby="claims-title">
      <h2 id="claims-title">{tt('tk.claims')}</h2>
      {ticket.claims.length === 0 ? (
        <p class="muted">{tt('tk.claimsNone')}</p>
      ) : (
        <ul class="list" aria-label={tt('tk.claims')}>
          {ticket.claims.map((c) => (
            <ClaimRow key={c.id} claim={c} ticket={ticket} staff={staff} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ClaimRow({ claim, ticket, staff }: { claim: TicketClaimFragment; ticket: Ticket; staff: StaffSummary }) {
  const { tt, locale } = useTicketsI18n();
  // Deciding and paying are offered when the server lists DECIDE_CLAIMS; the claim's own
  // state picks which.
  const approver = ticket.actions.includes('DECIDE_CLAIMS');
  const [amount, setAmount] = useState(String(claim.proposedFen / 100));
  const [comment, setComment] = useState('');
  const [ref, setRef] = useState('');
  const [problem, setProblem] = useState<TicketsKey | null>(null);
  const decide = (decision: 'APPROVE' | 'REJECT') => {
    const fen = decision === 'APPROVE' ? toFen(amount) : null;
    if (decision === 'APPROVE' && fen == null) return setProblem('tk.amountInvalid');
    const reduced = fen != null && fen !== claim.proposedFen;
    if ((decision === 'REJECT' || reduced) && !comment.trim()) return setProblem('tk.commentRequired');
    void queueTicketChange(staff.id, {
      type: 'decideClaim',
      ticketId: ticket.id,
      claimId: claim.id,
      expectedVersion: claim.version,
      decision,
      approvedFen: reduced ? fen : null,
      comment: comment.trim() || null,
      label: `${tt('tk.change.decideClaim')} · ${tt(decision === 'APPROVE' ? 'tk.approve' : 'tk.reject')} · ${formatFen(claim.proposedFen, locale)}`,
    });
  };
  return (
    <li>
      <div class="row">
        <strong>{formatFen(claim.proposedFen, locale)}</strong>
        <span class="tag">{tt(`tk.claim.${claim.state}`)}</span>
      </div>
      <span class="block small">{claim.reason}</span>
      <span class="block small muted">
        {claim.proposedBy.name} · {formatDateTime(claim.createdAt, locale)}
      </span>
      {claim.approvedFen != null && <span class="block small">{tt('tk.approved', { amount: formatFen(claim.approvedFen, locale) })}</span>}
      {claim.decidedBy && (
        <span class="block small muted">
          {claim.decidedBy.name}
          {claim.decisionComment && ` · ${claim.decisionComment}`}
        </span>
      )}
      {claim.paymentRef && <span class="block small">{tt('tk.paidRef', { ref: claim.paymentRef })}</span>}
      {approver && claim.state === 'PROPOSED' && (
        <div>
          <Field id={`tk-approve-${claim.id}`} label={tt('tk.approveAmount')} error={problem === 'tk.amountInvalid' ? tt(problem) : null}>
            <input id={`tk-approve-${claim.id}`} inputMode="decimal" value={amount} onInput={(e) => (setAmount(e.currentTarget.value), setProblem(null))} />
          </Field>
          <Field id={`tk-decide-${claim.id}`} label={tt('tk.decisionComment')} error={problem === 'tk.commentRequired' ? tt(problem) : null}>
            <input id={`tk-decide-${claim.id}`} value={comment} onInput={(e) => (setComment(e.currentTarget.value), setProblem(null))} />
          </Field>
          <div class="actions">
            <button type="button" class="btn danger" onClick={() => decide('REJECT')}>
              {tt('tk.reject')}
            </button>
            <button type="button" class="btn primary" onClick={() => decide('APPROVE')}>
              {tt('tk.approve')}
            </button>
          </div>
        </div>
      )}
      {approver && claim.state === 'APPROVED' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!ref.trim()) return;
            void queueTicketChange(staff.id, {
              type: 'payClaim',
              ticketId: ticket.id,
              claimId: claim.id,
              expectedVersion: claim.version,
              paymentRef: ref.trim(),
              label: `${tt('tk.change.payClaim')} · ${formatFen(claim.approvedFen ?? claim.proposedFen, locale)}`,
            });
          }}
        >
          <Field id={`tk-pay-${claim.id}`} label={tt('tk.paymentRef')}>
            <input id={`tk-pay-${claim.id}`} value={ref} required onInput={(e) => setRef(e.currentTarget.value)} />
          </Field>
          <Submit label={tt('tk.pay')} />
        </form>
      )}
    </li>
  );
}
