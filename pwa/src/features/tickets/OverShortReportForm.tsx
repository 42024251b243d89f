// Filing an over/short-goods report (多货少货) after the goods were opened, inspected,
// photographed and resealed with the site manager: goods name, counter, clearing date and
// the photos, sent to the group verifier through the outbox (photos upload first). Filed
// from an over- or short-goods ticket, it is linked to the ticket and starts from its
// waybill.
import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import type { OverShortKind } from '../../graphql/schema-types';
import { useTicketsI18n } from '../../i18n/tickets';
import { PhotoPicker, useReleasePhotos, type PickedPhoto } from '../../photos/PhotoPicker';
import type { StaffSummary } from '../../session/session';
import { Field, QueuedItem, queueTicketChange, toUpload, usePhotoLabels, useTicketOutbox } from './common';
import { TicketByIdDocument } from './tickets.generated';

const KINDS: readonly OverShortKind[] = ['OVER', 'SHORT'];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function OverShortReportForm({ staff, ticketId = null }: { staff: StaffSummary; ticketId?: string | null }) {
  const { tt } = useTicketsI18n();
  const [{ data }] = useQuery({ query: TicketByIdDocument, variables: { id: ticketId ?? '' }, pause: !ticketId });
  const from = data?.node && 'kind' in data.node ? data.node : null;
  const labels = usePhotoLabels();
  const [kind, setKind] = useState<OverShortKind>('OVER');
  const [goods, setGoods] = useState('');
  const [counter, setCounter] = useState('');
  const [present, setPresent] = useState('');
  const [clearing, setClearing] = useState(today);
  const [waybill, setWaybill] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [noPhoto, setNoPhoto] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  useReleasePhotos(photos);
  useEffect(() => {
    if (!from) return;
    if (from.exceptionKind === 'SHORT_GOODS') setKind('SHORT');
    setWaybill((w) => w || from.waybillNo);
  }, [from?.id]);
  const mine = useTicketOutbox(staff.id).find((i) => i.key === key);

  if (key) {
    // Queued: pending or refused while in the outbox; gone from it once the server has it.
    return (
      <section class="card" aria-labelledby="os-new-title">
        <h2 id="os-new-title">{tt('tk.osReport')}</h2>
        {mine ? (
          <ul class="list" aria-live="polite">
            <QueuedItem item={mine} />
          </ul>
        ) : (
          <p role="status">{tt('tk.osSent')}</p>
        )}
        {mine?.state === 'pending' && <p class="muted small" role="status">{tt('tk.osQueued')}</p>}
        <a class="btn small" href="/tickets/overshort/register" onClick={linkTo('/tickets/overshort/register')}>
          {tt('tk.osRegister')}
        </a>
      </section>
    );
  }
  return (
    <form
      class="card"
      aria-labelledby="os-new-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (photos.length === 0) return setNoPhoto(true);
        const item = await queueTicketChange(staff.id, {
          type: 'reportOverShortGoods',
          ticketId,
          kind,
          goodsName: goods.trim(),
          counter: counter.trim(),
          clearingDate: clearing,
          waybillNo: waybill.trim().toUpperCase() || null,
          description: description.trim() || null,
          witnesses: present
            .split(/[、,，;；\n]/)
            .map((n) => n.trim())
            .filter(Boolean),
          photos: toUpload(photos),
          label: `${tt('tk.change.reportOverShortGoods', { kind: tt(`tk.os.${kind}`), goods: goods.trim() })} · ${tt('tk.withPhotos', { n: photos.length })}`,
        });
        setKey(item.key);
      }}
    >
      <h2 id="os-new-title">{tt('tk.osReport')}</h2>
      {from && <p class="muted small">{tt('tk.osFromTicket', { summary: from.summary })}</p>}
      <fieldset>
        <legend>{tt('tk.kindLabel')}</legend>
        <div class="tk-kinds" role="radiogroup" aria-label={tt('tk.kindLabel')}>
          {KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} class={`btn small${kind === k ? ' primary' : ''}`} onClick={() => setKind(k)}>
              {tt(`tk.os.${k}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <Field id="os-goods" label={tt('tk.osGoodsName')}>
        <input id="os-goods" value={goods} required maxLength={100} onInput={(e) => setGoods(e.currentTarget.value)} />
      </Field>
      <Field id="os-counter" label={tt('tk.osCounter')}>
        <input id="os-counter" value={counter} required maxLength={50} onInput={(e) => setCounter(e.currentTarget.value)} />
      </Field>
      <Field id="os-witnesses" label={tt('tk.osWitnesses')}>
        <input id="os-witnesses" value={present} maxLength={500} placeholder={tt('tk.osWitnessesHint')} onInput={(e) => setPresent(e.currentTarget.value)} />
      </Field>
      <Field id="os-clearing" label={tt('tk.osClearing')}>
        <input id="os-clearing" type="date" value={clearing} required onInput={(e) => setClearing(e.currentTarget.value)} />
      </Field>
      <Field id="os-waybill" label={tt('tk.osWaybill')}>
        <input id="os-waybill" value={waybill} autocomplete="off" autocapitalize="characters" onInput={(e) => setWaybill(e.currentTarget.value)} />
      </Field>
      <Field id="os-description" label={tt('tk.osDescription')}>
        <textarea id="os-description" value={description} maxLength={1000} onInput={(e) => setDescription(e.currentTarget.value)} />
      </Field>
      <fieldset>
        <legend>{tt('tk.osPhotos')}</legend>
        <PhotoPicker id="os-photos" photos={photos} onChange={(p) => (setPhotos(p), setNoPhoto(false))} labels={labels} />
        {noPhoto && (
          <p class="error small" role="alert">
            {tt('tk.osPhotoRequired')}
          </p>
        )}
      </fieldset>
      <button type="submit" class="btn primary block">
        {tt('tk.osSubmit')}
      </button>
    </form>
  );
}
