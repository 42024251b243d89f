import { BackLink } from '../../ui/BackLink';
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import { isOnline } from '../../app/network';
import type { DeliveryService } from '../../graphql/schema-types';
import { formatDateTime, formatNumber, useI18n } from '../../i18n/i18n';
import { outbox, submitChange, useOutbox } from '../../outbox/sync';
import type { StaffSummary } from '../../session/session';
import { intakeWaybill, onIntakeSynced } from './changes';
import { Field, orderPath } from './common';
import { clearDraft, loadDraft, saveDraft } from './draft';
import { ContactFields, GoodsFields } from './forms';
import { useFocusFirstInvalid } from '../../ui/focus';
import { formatFen } from '../../ui/money';
import { checkStep, emptyIntake, INTAKE_STEPS, toIntakeFields, type FieldErrors, type IntakeForm, type IntakeStep } from './intake';

const SERVICES: readonly DeliveryService[] = ['STANDARD', 'NEXT_DAY', 'TIME_SLOT', 'INSURED'];

interface Draft {
  form: IntakeForm;
  step: IntakeStep;
  /** The outbox key once submitted: the draft stays until the server has the order. */
  submittedKey?: string;
}

/** The quote the order is taken from: its price and arrival are the order's. */
function Quoted({ form }: { form: IntakeForm }) {
  const { t, locale } = useI18n();
  if (!form.quote) return null;
  return (
    <p class="quoted" role="note">
      {t('intake.quoted', { price: formatFen(form.quote.totalFen, locale), arrival: formatDateTime(form.quote.arrival, locale) })}
    </p>
  );
}

function ServiceFields({ form, errors, set }: { form: IntakeForm; errors: FieldErrors; set: (patch: Partial<IntakeForm>) => void }) {
  const { t } = useI18n();
  const err = (k: string) => (errors[k] ? t(errors[k]!) : null);
  // An order from a quote keeps the quoted service.
  const services = form.quote ? [form.service] : SERVICES;
  return (
    <>
      <fieldset>
        <legend>{t('order.service')}</legend>
        <Quoted form={form} />
        {form.quote && <p class="muted small">{t('intake.quotedService')}</p>}
        <div class="segmented">
          {services.map((s) => (
            <label key={s} class={form.service === s ? 'seg on' : 'seg'}>
              <input type="radio" class="visually-hidden" name="service" checked={form.service === s} onChange={() => set({ service: s })} />
              {t(`service.${s}`)}
            </label>
          ))}
        </div>
        <p class="muted small">{t(`service.hint.${form.service}`)}</p>
      </fieldset>
      {form.service === 'INSURED' && errors['goods.declaredValue'] && (
        <p class="error" role="alert">
          {t(errors['goods.declaredValue'])}
        </p>
      )}
      <Field id="required-arrival" label={t('intake.requiredArrival')} error={err('requiredArrivalAt')}>
        <input
          id="required-arrival"
          type="datetime-local"
          value={form.requiredArrivalAt}
          onInput={(e) => set({ requiredArrivalAt: e.currentTarget.value })}
        />
      </Field>
      <fieldset>
        <legend>{t('intake.handling')}</legend>
        {(['fragile', 'keepUpright', 'keepDry'] as const).map((flag) => (
          <label key={flag} class="check">
            <input type="checkbox" checked={form[flag]} onChange={(e) => set({ [flag]: e.currentTarget.checked })} />
            <span>{t(`handling.${flag}`)}</span>
          </label>
        ))}
        <label class="check">
          <input type="checkbox" checked={Boolean(form.receiptReturn)} onChange={(e) => set({ receiptReturn: e.currentTarget.checked })} />
          <span>{t('receipt.service')}</span>
        </label>
      </fieldset>
      <Field id="dangerous" label={t('intake.dangerous')} hint={t('intake.dangerousHint')} error={err('dangerousGoods')}>
        <input id="dangerous" value={form.dangerousGoods} onInput={(e) => set({ dangerousGoods: e.currentTarget.value })} />
      </Field>
      <fieldset>
        <legend>{t('intake.requests')}</legend>
        <Field id="invoice" label={t('intake.invoiceTitle')} error={err('invoiceTitle')}>
          <input id="invoice" value={form.invoiceTitle} onInput={(e) => set({ invoiceTitle: e.currentTarget.value })} />
        </Field>
        <div class="grid2">
          <Field id="window-from" label={t('intake.windowFrom')}>
            <input id="window-from" type="time" value={form.deliveryWindowFrom} onInput={(e) => set({ deliveryWindowFrom: e.currentTarget.value })} />
          </Field>
          <Field id="window-to" label={t('intake.windowTo')}>
            <input id="window-to" type="time" value={form.deliveryWindowTo} onInput={(e) => set({ deliveryWindowTo: e.currentTarget.value })} />
          </Field>
        </div>
        {err('deliveryWindow') && (
          <p class="error field-error" role="alert">
            {err('deliveryWindow')}
          </p>
        )}
        <Field id="card-text" label={t('intake.cardText')} error={err('cardText')}>
          <input id="card-text" value={form.cardText} onInput={(e) => set({ cardText: e.currentTarget.value })} />
        </Field>
      </fieldset>
    </>
  );
}

function Review({ form }: { form: IntakeForm }) {
  const { t, locale } = useI18n();
  const fields = toIntakeFields(form);
  const c = (x: typeof fields.consignor) => `${x.name} · ${x.phone} · ${x.province}${x.city}${x.district}${x.detail}`;
  return (
    <dl class="facts review">
      <dt>{t('party.CONSIGNOR')}</dt>
      <dd>{c(fields.consignor)}</dd>
      <dt>{t('party.CONSIGNEE')}</dt>
      <dd>{c(fields.consignee)}</dd>
      <dt>{t('element.GOODS')}</dt>
      <dd>
        {fields.goods.name} × {formatNumber(fields.goods.quantity, locale)} · {t('order.weight', { kg: formatNumber(fields.goods.weightKg, locale) })} ·{' '}
        {t('order.volume', { m3: formatNumber(fields.goods.volumeM3, locale) })}
      </dd>
      <dt>{t('order.service')}</dt>
      <dd>
        {t(`service.${form.service}`)}
        <Quoted form={form} />
      </dd>
    </dl>
  );
}

/** 下单: the long form in steps, kept as a draft on the phone, sent through the outbox. */
export function IntakeScreen({ staff }: { staff: StaffSummary }) {
  const { t } = useI18n();
  const draftKey = `intake:${staff.id}`;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { items } = useOutbox(staff.id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // When 下一步 finds a problem, the first field marked wrong takes the focus.
  const [formRef, refused] = useFocusFirstInvalid();

  useEffect(() => {
    void loadDraft<Draft>(draftKey).then((saved) => setDraft(saved ?? { form: emptyIntake(), step: 'consignor' }));
  }, [draftKey]);

  // Every keystroke is kept on the phone.
  useEffect(() => {
    if (draft) void saveDraft(draftKey, draft);
  }, [draft]);

  const submitted = draft?.submittedKey ? items.find((i) => i.key === draft.submittedKey) : undefined;

  // When the server has the order, open it for verification and drop the draft.
  useEffect(() => {
    const key = draft?.submittedKey;
    if (!key) return;
    const done = () => {
      const waybill = intakeWaybill(key);
      if (!waybill) return;
      void clearDraft(draftKey);
      navigate(orderPath(waybill), true);
    };
    done();
    return onIntakeSynced(done);
  }, [draft?.submittedKey]);

  if (!draft) return <p class="muted">{t('today.loading')}</p>;
  const { form, step } = draft;
  const index = INTAKE_STEPS.indexOf(step);
  const set = (patch: Partial<IntakeForm>) => setDraft({ ...draft, form: { ...form, ...patch } });
  const go = (next: IntakeStep) => {
    setErrors({});
    setDraft({ ...draft, step: next });
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  };

  function next(e: Event) {
    e.preventDefault();
    if (step === 'review') {
      // Send the person back to the first step that still has a problem.
      const bad = INTAKE_STEPS.find((s) => s !== 'review' && Object.keys(checkStep(s, form)).length > 0);
      if (!bad) return void submit();
      go(bad);
      setErrors(checkStep(bad, form));
      return;
    }
    const found = checkStep(step, form);
    setErrors(found);
    if (Object.keys(found).length === 0) go(INTAKE_STEPS[index + 1]!);
    else refused();
  }

  async function submit() {
    if (submitted?.state === 'refused') await outbox.dismiss(submitted.key);
    const item = await submitChange(staff.id, { type: 'intakeOrder', input: toIntakeFields(form) });
    setDraft({ ...draft!, submittedKey: item.key });
  }

  async function startOver() {
    await clearDraft(draftKey);
    setErrors({});
    setDraft({ form: emptyIntake(), step: 'consignor' });
  }

  if (submitted?.state === 'pending' || (draft.submittedKey && !submitted)) {
    return (
      <div class="stack">
        <BackLink to="/orders" label={t('orders.back')} />
        <section class="card" role="status">
          <h2>{t('intake.submitted')}</h2>
          <p>
            <span class="tag pending">{t('outbox.pending')}</span> {isOnline() ? t('intake.sending') : t('intake.queued')}
          </p>
        </section>
      </div>
    );
  }

  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      <form class="card intake" ref={formRef} onSubmit={next} noValidate aria-labelledby="intake-step-title">
        <p class="muted small">{t('intake.stepOf', { n: index + 1, total: INTAKE_STEPS.length })}</p>
        <h2 id="intake-step-title" tabIndex={-1} ref={headingRef}>
          {t(`intake.step.${step}`)}
        </h2>
        <ol class="steps" aria-hidden="true">
          {INTAKE_STEPS.map((s, i) => (
            <li key={s} class={i < index ? 'done' : i === index ? 'current' : undefined} />
          ))}
        </ol>
        {submitted?.state === 'refused' && submitted.refusal && (
          <div class="refusal" role="alert">
            <p>
              {t('intake.refused')} {submitted.refusal.message} <span class="code">({submitted.refusal.code})</span>
            </p>
          </div>
        )}
        {step === 'consignor' && <ContactFields prefix="consignor" value={form.consignor} errors={errors} onChange={(c) => set({ consignor: c })} />}
        {step === 'consignee' && <ContactFields prefix="consignee" value={form.consignee} errors={errors} onChange={(c) => set({ consignee: c })} />}
        {step === 'goods' && <GoodsFields value={form.goods} errors={errors} onChange={(g) => set({ goods: g })} />}
        {step === 'service' && <ServiceFields form={form} errors={errors} set={set} />}
        {step === 'review' && (
          <>
            <Review form={form} />
            {Object.keys(errors).length > 0 && (
              <p class="error" role="alert">
                {t('intake.fixErrors')}
              </p>
            )}
          </>
        )}
        <p class="muted small">{t('intake.draftKept')}</p>
        <div class="actions">
          {index > 0 ? (
            <button type="button" class="btn" onClick={() => go(INTAKE_STEPS[index - 1]!)}>
              {t('intake.previous')}
            </button>
          ) : (
            <button type="button" class="btn" onClick={() => void startOver()}>
              {t('intake.clear')}
            </button>
          )}
          <button type="submit" class="btn primary">
            {step === 'review' ? t('intake.submit') : t('intake.next')}
          </button>
        </div>
      </form>
    </div>
  );
}
