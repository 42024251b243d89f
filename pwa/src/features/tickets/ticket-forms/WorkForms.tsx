// The forms that work a ticket: a comment, a move between the working states, the
// restatement to the customer.
import { useState } from 'preact/hooks';
import type { ResponsiblePartyKind } from '../../../graphql/schema-types';
import { useTicketsI18n } from '../../../i18n/tickets';
import { PhotoPicker, useReleasePhotos, type PickedPhoto } from '../../../photos/PhotoPicker';
import { PhrasePicker, ReplyAdvice } from '../../phrases/PhrasePicker';
import { Field, queueTicketChange, toUpload, usePhotoLabels } from '../common';
import { moves } from '../useTicketActions';
import { localInput, Submit, type FormProps } from './shared';

const PARTIES: readonly ResponsiblePartyKind[] = ['BRANCH', 'DEPARTMENT', 'PERSON', 'OTHER_PARTY', 'CUSTOMER'];

export function CommentForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const [body, setBody] = useState('');
  // The standard phrase the reply was last built from, counted for coaching with the reply
  // as long as the reply still holds its text.
  const [phrase, setPhrase] = useState<{ id: string; text: string } | null>(null);
  const applyPhrase = (next: string, id: string, text: string) => (setBody(next), setPhrase({ id, text }));
  const phraseId = phrase && body.includes(phrase.text) ? phrase.id : null;
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const labels = usePhotoLabels();
  useReleasePhotos(photos);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        const withPhotos = photos.length > 0 ? ` · ${tt('tk.withPhotos', { n: photos.length })}` : '';
        void queueTicketChange(staff.id, {
          type: 'addTicketComment',
          ticketId: ticket.id,
          body: body.trim(),
          photos: toUpload(photos),
          ...(phraseId ? { phraseId } : {}),
          label: `${tt('tk.change.addTicketComment')} · ${ticket.summary}${withPhotos}`,
        });
        done();
      }}
    >
      <Field id="tk-comment" label={tt('tk.commentLabel')}>
        <textarea id="tk-comment" value={body} required maxLength={2000} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <PhrasePicker id="tk-comment-phrases" body={body} onChange={applyPhrase} />
      <ReplyAdvice body={body} onChange={applyPhrase} />
      <PhotoPicker id="tk-comment-photos" photos={photos} onChange={setPhotos} labels={labels} />
      <Submit label={tt('tk.send')} />
    </form>
  );
}

export function StateForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  return (
    <div class="stack" style={{ marginTop: '12px', gap: '8px' }}>
      {moves(ticket).map((state) => (
        <button
          key={state}
          type="button"
          class="btn block"
          onClick={() => {
            void queueTicketChange(staff.id, {
              type: 'changeTicketState',
              ticketId: ticket.id,
              expectedVersion: ticket.version,
              state,
              note: null,
              label: `${tt('tk.change.changeTicketState', { state: tt(`tk.state.${state}`) })} · ${ticket.summary}`,
            });
            done();
          }}
        >
          {tt('tk.moveTo', { state: tt(`tk.state.${state}`) })}
        </button>
      ))}
    </div>
  );
}

export function RestateForm({ ticket, staff, done }: FormProps) {
  const { tt } = useTicketsI18n();
  const r = ticket.restatement;
  const [problem, setProblem] = useState(r?.problem ?? ticket.summary);
  const [cause, setCause] = useState(r?.cause ?? '');
  const [kind, setKind] = useState<ResponsiblePartyKind | ''>(r?.responsibleKind ?? '');
  const [name, setName] = useState(r?.responsibleName ?? '');
  const [plan, setPlan] = useState(r?.plan ?? '');
  const [promised, setPromised] = useState(localInput(r ? new Date(r.promisedAt) : new Date(Date.now() + 24 * 3600_000)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void queueTicketChange(staff.id, {
          type: 'restateTicket',
          ticketId: ticket.id,
          expectedVersion: ticket.version,
          problem: problem.trim(),
          cause: cause.trim() || null,
          responsibleKind: kind || null,
          responsibleName: kind ? name.trim() : null,
          plan: plan.trim(),
          promisedAt: new Date(promised).toISOString(),
          label: `${tt('tk.change.restateTicket')} · ${ticket.summary}`,
        });
        done();
      }}
    >
      <Field id="tk-problem" label={tt('tk.problem')}>
        <textarea id="tk-problem" value={problem} required onInput={(e) => setProblem(e.currentTarget.value)} />
      </Field>
      <Field id="tk-cause" label={tt('tk.cause')}>
        <input id="tk-cause" value={cause} onInput={(e) => setCause(e.currentTarget.value)} />
      </Field>
      <Field id="tk-resp-kind" label={tt('tk.responsibleKind')}>
        <select id="tk-resp-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ResponsiblePartyKind | '')}>
          <option value="">{tt('tk.resp.none')}</option>
          {PARTIES.map((p) => (
            <option key={p} value={p}>
              {tt(`tk.resp.${p}`)}
            </option>
          ))}
        </select>
      </Field>
      {kind && (
        <Field id="tk-resp-name" label={tt('tk.responsibleName')}>
          <input id="tk-resp-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      )}
      <Field id="tk-plan" label={tt('tk.plan')}>
        <textarea id="tk-plan" value={plan} required onInput={(e) => setPlan(e.currentTarget.value)} />
      </Field>
      <Field id="tk-promised" label={tt('tk.promisedAt')}>
        <input id="tk-promised" type="datetime-local" value={promised} required onInput={(e) => setPromised(e.currentTarget.value)} />
      </Field>
      <Submit label={tt('tk.save')} />
    </form>
  );
}
