// The forms that settle a ticket: a claim for the customer, the resolution, the
// follow-up call that closes it.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useTicketsI18n } from '../../../i18n/tickets';
import { formatFen } from '../../../ui/money';
import { Field, queueTicketChange } from '../common';
import { TicketCausesDocument } from '../tickets.generated';
import { useFocusFirstInvalid } from '../../../ui/focus';
import { claimReasonProblem, Submit, toFen, type FormProps } from './shared';

export function ProposeClaimForm({ ticket, staff, done }: FormProps) {
  const { tt, locale } = useTicketsI18n();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [reasonProblem, setReasonProblem] = useState<ReturnType<typeof claimReasonProblem>>(null);
  const [form, refused] = useFocusFirstInvalid();
  return (
    <form
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        // Both are checked before anything is queued: the server would refuse either after
        // the outbox had taken it and the form had closed.
        const fen = toFen(amount);
        const problem = claimReasonProblem(reason);
        setInvalid(fen == null);
        setReasonProblem(problem);
        if (fen == null || problem) return refused();
        void queueTicketChange(staff.id, {
          type: 'proposeClaim',
          ticketId: ticket.id,
          amountFen: fen,
          reason: reason.trim(),
          label: `${tt('tk.change.proposeClaim', { amount: formatFen(fen, locale) })} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-claim-amount" label={tt('tk.amount')} error={invalid ? tt('tk.amountInvalid') : null}>
        <input
          id="tk-claim-amount"
          inputMode="decimal"
          value={amount}
          required
          aria-invalid={invalid}
          aria-describedby={invalid ? 'tk-claim-amount-error' : undefined}
          onInput={(e) => (setAmount(e.currentTarget.value), setInvalid(false))}
        />
      </Field>
      <Field id="tk-claim-reason" label={tt('tk.reason')} error={reasonProblem ? tt(reasonProblem) : null}>
        <textarea
          id="tk-claim-reason"
          value={reason}
          required
          aria-invalid={reasonProblem != null}
          aria-describedby={reasonProblem ? 'tk-claim-reason-error' : undefined}
          onInput={(e) => (setReason(e.currentTarget.value), setReasonProblem(null))}
        />
      </Field>
      <Submit label={tt('tk.propose')} />
    </form>
  );
}

export function ResolveForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [resolution, setResolution] = useState('');
  const [cause, setCause] = useState(ticket.restatement?.cause ?? '');
  // A cause chosen from the organisation's taxonomy ('' = written instead), so the same
  // cause is counted once in the report.
  const [{ data: causes }] = useQuery({ query: TicketCausesDocument });
  const choices = causes?.ticketCauses ?? [];
  const [causeId, setCauseId] = useState('');
  const [missing, setMissing] = useState(false);
  const needsCause = ticket.kind === 'EXCEPTION' || ticket.kind === 'COMPLAINT';
  const categories = [...new Set(choices.map((c) => c.category))];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (needsCause && !causeId && !cause.trim()) return setMissing(true);
        void queueTicketChange(staff.id, {
          type: 'resolveTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          resolution: resolution.trim(),
          cause: causeId ? null : cause.trim() || null,
          causeId: causeId || null,
          label: `${tt('tk.change.resolveTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-resolution" label={tt('tk.resolution')}>
        <textarea id="tk-resolution" value={resolution} required onInput={(e) => setResolution(e.currentTarget.value)} />
      </Field>
      {choices.length > 0 && (
        <Field id="tk-resolve-cause-choice" label={tt('tk.causeChoice')}>
          <select id="tk-resolve-cause-choice" value={causeId} onChange={(e) => (setCauseId(e.currentTarget.value), setMissing(false))}>
            <option value="">{tt('tk.causeOther')}</option>
            {categories.map((cat) => (
              <optgroup key={cat} label={cat}>
                {choices
                  .filter((c) => c.category === cat)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </Field>
      )}
      {!causeId && (
        <Field id="tk-resolve-cause" label={tt('tk.cause')} error={missing ? tt('tk.causeRequired') : null}>
          <input id="tk-resolve-cause" value={cause} aria-invalid={missing} onInput={(e) => (setCause(e.currentTarget.value), setMissing(false))} />
        </Field>
      )}
      <Submit label={tt('tk.resolve')} />
    </form>
  );
}

export function CloseForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [outcome, setOutcome] = useState('');
  const [sat, setSat] = useState(0);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (sat === 0) return;
        if (sat <= 2 && !reason.trim()) return setMissing(true);
        void queueTicketChange(staff.id, {
          type: 'closeTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          followUp: { outcome: outcome.trim(), satisfaction: sat, reason: sat <= 2 ? reason.trim() : null },
          label: `${tt('tk.change.closeTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-outcome" label={tt('tk.outcome')}>
        <textarea id="tk-outcome" value={outcome} required onInput={(e) => setOutcome(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>{tt('tk.satisfaction')}</legend>
        <div class="tk-sat">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" name="tk-sat" value={n} checked={sat === n} required onChange={() => setSat(n)} />
              {tt('tk.sat', { n })}
            </label>
          ))}
        </div>
      </fieldset>
      {sat > 0 && sat <= 2 && (
        <Field id="tk-low-reason" label={tt('tk.lowReason')} error={missing ? tt('tk.lowReasonRequired') : null}>
          <textarea id="tk-low-reason" value={reason} required aria-invalid={missing} onInput={(e) => (setReason(e.currentTarget.value), setMissing(false))} />
        </Field>
      )}
      <Submit label={tt('tk.close')} />
    </form>
  );
}
