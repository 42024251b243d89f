import { BackLink } from '../../ui/BackLink';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import type { ContactMethod, DriverAttitude, GoodsCondition } from '../../graphql/schema-types';
import { useI18n } from '../../i18n/i18n';
import { submitChange } from '../../outbox/sync';
import type { StaffSummary } from '../../session/session';
import { Field, LoadError, orderPath } from './common';
import { OrderByWaybillDocument } from './orders.generated';
import { localInputValue } from './TrackEventScreen';

const CONDITIONS: readonly GoodsCondition[] = ['INTACT', 'PACKAGING_DAMAGED', 'GOODS_DAMAGED', 'SHORT'];
const ATTITUDES: readonly DriverAttitude[] = ['GOOD', 'ACCEPTABLE', 'POOR'];
const METHODS: readonly ContactMethod[] = ['SMS', 'PHONE_CALL', 'WECHAT', 'IN_PERSON'];

export function Choice<T extends string>({ legend, name, options, value, label, onChange }: {
  legend: string;
  name: string;
  options: readonly T[];
  value: T;
  label: (v: T) => string;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class="segmented">
        {options.map((o) => (
          <label key={o} class={value === o ? 'seg on' : 'seg'}>
            <input type="radio" class="visually-hidden" name={name} checked={value === o} onChange={() => onChange(o)} />
            {label(o)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** 到货确认: arrival time, condition, the driver's attitude, who signed, how the receiver was reached. */
export function ArrivalScreen({ waybillNo, staff }: { waybillNo: string; staff: StaffSummary }) {
  const { t } = useI18n();
  const [{ data, error }] = useQuery({ query: OrderByWaybillDocument, variables: { waybillNo } });
  const order = data?.orderByWaybill;
  const [arrivedAt, setArrivedAt] = useState(() => localInputValue(new Date()));
  const [condition, setCondition] = useState<GoodsCondition>('INTACT');
  const [attitude, setAttitude] = useState<DriverAttitude>('GOOD');
  const [signer, setSigner] = useState('');
  const [reachedBy, setReachedBy] = useState<ContactMethod[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (!order) return;
    if (!signer.trim()) return setProblem(t('track.signerRequired'));
    if (reachedBy.length === 0) return setProblem(t('arrival.reachedRequired'));
    const at = new Date(arrivedAt);
    if (Number.isNaN(at.getTime())) return setProblem(t('track.timeFuture'));
    await submitChange(staff.id, {
      type: 'confirmArrival',
      waybillNo: order.waybillNo,
      input: {
        orderId: order.id,
        arrivedAt: at.toISOString(),
        goodsCondition: condition,
        driverAttitude: attitude,
        signerName: signer.trim(),
        reachedBy,
        note: note.trim() || null,
      },
    });
    navigate(orderPath(order.waybillNo), true);
  }

  return (
    <div class="stack">
      <BackLink to={orderPath(waybillNo)} label={t('change.back')} />
      {!order && <LoadError error={error} />}
      <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="arrival-form-title">
        <h2 id="arrival-form-title">
          {t('arrival.title')} · <span class="code">{waybillNo}</span>
        </h2>
        <Field id="arrived-at" label={t('arrival.arrivedAt')}>
          <input id="arrived-at" type="datetime-local" value={arrivedAt} onInput={(e) => setArrivedAt(e.currentTarget.value)} />
        </Field>
        <Choice legend={t('arrival.condition')} name="condition" options={CONDITIONS} value={condition} label={(v) => t(`condition.${v}`)} onChange={setCondition} />
        <Choice legend={t('arrival.attitude')} name="attitude" options={ATTITUDES} value={attitude} label={(v) => t(`attitude.${v}`)} onChange={setAttitude} />
        <Field id="arrival-signer" label={t('arrival.signer')}>
          <input id="arrival-signer" value={signer} onInput={(e) => setSigner(e.currentTarget.value)} />
        </Field>
        <fieldset>
          <legend>{t('arrival.reachedBy')}</legend>
          {METHODS.map((m) => (
            <label key={m} class="check">
              <input
                type="checkbox"
                checked={reachedBy.includes(m)}
                onChange={(e) => setReachedBy((prev) => (e.currentTarget.checked ? [...prev, m] : prev.filter((x) => x !== m)))}
              />
              <span>{t(`contactMethod.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field id="arrival-note" label={t('arrival.note')}>
          <input id="arrival-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </Field>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="btn primary block" disabled={!order}>
          {t('arrival.submit')}
        </button>
      </form>
    </div>
  );
}
