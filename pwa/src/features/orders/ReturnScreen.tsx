// 退换货: from a signed-for order, open a return or an exchange. The screen says who pays
// each leg before anything is sent, asks for photos of a quality problem (resized on the
// phone, uploaded by the outbox just before the return is opened) and, once the server has
// issued them, the order's detail shows the linked waybills.
import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import type { ReturnKind, ReturnReason } from '../../graphql/schema-types';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { submitChange } from '../../outbox/sync';
import { PhotoPicker, useReleasePhotos, type PickedPhoto } from '../../photos/PhotoPicker';
import type { StaffSummary } from '../../session/session';
import { Choice } from './ArrivalScreen';
import { Field, LoadError, orderPath } from './common';
import { OrderByWaybillDocument } from './orders.generated';
import { MAX_RETURN_PHOTOS, mayOpenReturn, payers, returnProblems } from './returns';

const KINDS: readonly ReturnKind[] = ['RETURN', 'EXCHANGE'];
const REASONS: readonly ReturnReason[] = ['QUALITY', 'OTHER'];

export function ReturnScreen({ waybillNo, staff }: { waybillNo: string; staff: StaffSummary }) {
  const { ot, t } = useOrdersI18n();
  const [{ data, error }] = useQuery({ query: OrderByWaybillDocument, variables: { waybillNo } });
  const order = data?.orderByWaybill;
  const [kind, setKind] = useState<ReturnKind>('RETURN');
  const [reason, setReason] = useState<ReturnReason>('QUALITY');
  const [description, setDescription] = useState('');
  const [intact, setIntact] = useState(false);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [tried, setTried] = useState(false);
  // The previews' object URLs are freed when the screen closes (the blobs go to the outbox).
  useReleasePhotos(photos);

  const problems = returnProblems({ kind, reason, description, parcelIntact: intact, photoCount: photos.length });
  const pay = payers(kind, reason);

  async function submit(e: Event) {
    e.preventDefault();
    setTried(true);
    if (!order || problems.length > 0) return;
    await submitChange(staff.id, {
      type: 'openOrderReturn',
      orderId: order.id,
      waybillNo: order.waybillNo,
      expectedVersion: order.version,
      kind,
      reason,
      description: description.trim(),
      parcelIntact: intact,
      photos: photos.map((p) => p.blob),
      capturedAt: photos.map((p) => p.capturedAt),
    });
    navigate(orderPath(order.waybillNo), true);
  }

  return (
    <div class="stack">
      <BackLink to={orderPath(waybillNo)} label={t('change.back')} />
      {!order && <LoadError error={error} />}
      {order && !mayOpenReturn(order) && (
        <p class="error" role="alert">
          {ot('return.notAllowed')}
        </p>
      )}
      <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="return-form-title">
        <h2 id="return-form-title">{ot('return.title', { waybill: waybillNo })}</h2>
        <Choice legend={ot('return.kind')} name="return-kind" options={KINDS} value={kind} label={(v) => ot(`return.kind.${v}`)} onChange={setKind} />
        <p class="muted small">{ot(`return.kindHint.${kind}`)}</p>
        <Choice legend={ot('return.reason')} name="return-reason" options={REASONS} value={reason} label={(v) => ot(`return.reason.${v}`)} onChange={setReason} />

        <section class="return-payers" aria-labelledby="return-who" aria-live="polite">
          <h3 id="return-who">{ot('return.who')}</h3>
          <p class="small">{ot(`return.rule.${reason}`)}</p>
          <dl class="facts">
            <dt>{ot('return.leg.return')}</dt>
            <dd>{ot(`return.payer.${pay.returnLeg}`)}</dd>
            {pay.replacementLeg && (
              <>
                <dt>{ot('return.leg.replacement')}</dt>
                <dd>{ot(`return.payer.${pay.replacementLeg}`)}</dd>
              </>
            )}
          </dl>
        </section>

        <Field id="return-description" label={ot('return.description')} hint={ot('return.descriptionHint')}>
          <textarea id="return-description" rows={3} maxLength={500} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <label class="check" for="return-intact">
          <input id="return-intact" type="checkbox" checked={intact} onChange={(e) => setIntact(e.currentTarget.checked)} />
          <span>
            {ot('return.intact')}
            <span class="block small muted">{ot('return.intactHint')}</span>
          </span>
        </label>

        <fieldset>
          <legend>{ot('return.photos')}</legend>
          <p class="muted small">{reason === 'QUALITY' ? ot('return.photosRequired') : ot('return.photosOptional')}</p>
          <PhotoPicker
            id="return-photo"
            photos={photos}
            onChange={setPhotos}
            max={MAX_RETURN_PHOTOS}
            labels={{
              take: ot('return.addPhoto'),
              remove: (n) => ot('return.removePhoto', { n }),
              alt: (n) => ot('return.photoAlt', { n }),
              failed: (message) => ot('return.photoFailed', { message }),
            }}
          />
        </fieldset>

        {tried && problems.length > 0 && (
          <ul class="error" role="alert">
            {problems.map((p) => (
              <li key={p}>{ot(p)}</li>
            ))}
          </ul>
        )}
        <p class="muted small">{ot('return.queued')}</p>
        <button type="submit" class="btn primary block" disabled={!order || !mayOpenReturn(order)}>
          {ot('return.submit')}
        </button>
      </form>
    </div>
  );
}
