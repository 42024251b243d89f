import { BackLink } from '../../ui/BackLink';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { checkWaybill } from '../../camera/waybill';
import type { TrackingExceptionReason, TrackingStatus } from '../../graphql/schema-types';
import { useI18n } from '../../i18n/i18n';
import { submitChange } from '../../outbox/sync';
import type { StaffSummary } from '../../session/session';
import { Field, orderPath, QueuedForWaybill } from './common';
import { waybillProblem, WaybillInput } from './WaybillInput';

export const EVENT_STATUSES: readonly TrackingStatus[] = [
  'PICKED_UP',
  'IN_TRANSIT',
  'ARRIVED_AT_HUB',
  'OUT_FOR_DELIVERY',
  'SIGNED',
  'EXCEPTION',
  'RETURNED',
];
const REASONS: readonly TrackingExceptionReason[] = [
  'DELAY',
  'DAMAGED',
  'LOST',
  'ADDRESS_PROBLEM',
  'RECEIVER_UNREACHABLE',
  'REFUSED',
  'DETAINED',
  'WEATHER',
  'OTHER',
];
const PLACE_KEY = 'cs.trackPlace';

/** `YYYY-MM-DDTHH:MM` in the phone's zone, for a datetime-local input. */
export function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function lastPlace(): string {
  try {
    return localStorage.getItem(PLACE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** A field agent scans a waybill, picks what happened, and it is recorded (through the outbox). */
export function TrackEventScreen({ staff, initialWaybill }: { staff: StaffSummary; initialWaybill: string }) {
  const { t } = useI18n();
  const [waybill, setWaybill] = useState(initialWaybill);
  const [waybillError, setWaybillError] = useState<string | null>(null);
  const [status, setStatus] = useState<TrackingStatus>('PICKED_UP');
  const [reason, setReason] = useState<TrackingExceptionReason>('DELAY');
  const [signer, setSigner] = useState('');
  const [place, setPlace] = useState(lastPlace);
  const [when, setWhen] = useState(() => localInputValue(new Date()));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const check = checkWaybill(waybill);
    const bad = waybillProblem(check);
    setWaybillError(bad && t(bad));
    if (!check.ok) return;
    if (!place.trim()) return setProblem(t('track.placeRequired'));
    if (status === 'SIGNED' && !signer.trim()) return setProblem(t('track.signerRequired'));
    const occurredAt = new Date(when);
    if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > Date.now() + 5 * 60_000) return setProblem(t('track.timeFuture'));
    setProblem(null);
    try {
      localStorage.setItem(PLACE_KEY, place.trim());
    } catch {
      // Only a convenience for the next scan.
    }
    await submitChange(staff.id, {
      type: 'recordTrackingEvent',
      event: {
        waybillNo: check.number,
        status,
        exceptionReason: status === 'EXCEPTION' ? reason : null,
        signerName: status === 'SIGNED' ? signer.trim() : null,
        occurredAt: occurredAt.toISOString(),
        place: place.trim(),
        scannedBy: `${staff.name} (${staff.employeeNo})`,
        note: note.trim() || null,
      },
    });
    setRecorded(check.number);
    // Ready for the next parcel: same status and place, a new number.
    setWaybill('');
    setNote('');
    setSigner('');
    setWhen(localInputValue(new Date()));
  }

  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="track-title">
        <h2 id="track-title">{t('track.title')}</h2>
        <WaybillInput
          id="track-waybill"
          value={waybill}
          error={waybillError}
          onInput={(v) => {
            setWaybill(v);
            setWaybillError(null);
          }}
          onScanned={(n) => setWaybill(n)}
        />
        <fieldset>
          <legend>{t('track.status')}</legend>
          <div class="segmented" role="radiogroup" aria-label={t('track.status')}>
            {EVENT_STATUSES.map((s) => (
              <button key={s} type="button" role="radio" aria-checked={status === s} class={status === s ? 'seg on' : 'seg'} onClick={() => setStatus(s)}>
                {t(`status.${s}`)}
              </button>
            ))}
          </div>
        </fieldset>
        {status === 'EXCEPTION' && (
          <Field id="track-reason" label={t('track.reason')}>
            <select id="track-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as TrackingExceptionReason)}>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason.${r}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {status === 'SIGNED' && (
          <Field id="track-signer" label={t('track.signer')}>
            <input id="track-signer" value={signer} onInput={(e) => setSigner(e.currentTarget.value)} />
          </Field>
        )}
        <Field id="track-place" label={t('track.place')}>
          <input id="track-place" value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
        </Field>
        <Field id="track-time" label={t('track.time')}>
          <input id="track-time" type="datetime-local" value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
        </Field>
        <Field id="track-note" label={t('track.note')}>
          <input id="track-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </Field>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="btn primary block">
          {t('track.submit')}
        </button>
        {recorded && (
          <p role="status">
            {t('track.saved', { waybill: recorded })}{' '}
            <a href={orderPath(recorded)} onClick={linkTo(orderPath(recorded))}>
              {t('track.open')}
            </a>
          </p>
        )}
      </form>
      {recorded && <QueuedForWaybill staffId={staff.id} waybillNo={recorded} />}
    </div>
  );
}
