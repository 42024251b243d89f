import { BackLink } from '../../ui/BackLink';
import { useMutation } from '@urql/preact';
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate } from '../../app/router';
import type { DeliveryService } from '../../graphql/schema-types';
import { serverErrors } from '../../graphql/errors';
import { formatDateTime, formatNumber, useI18n } from '../../i18n/i18n';
import { useOrdersI18n, type OrdersScreensKey } from '../../i18n/orders-screens';
import type { StaffSummary } from '../../session/session';
import { Field } from './common';
import { saveDraft } from './draft';
import type { FieldErrors } from './intake';
import { formatFen } from '../../ui/money';
import { agreedArrival, checkQuote, emptyQuote, intakeFromQuote, nextDays, ORIGINS, timeSlotChoice, toQuoteInput, WINDOWS, type QuoteForm } from './quote';
import { QuoteDocument, type QuoteMutation } from './quotes.generated';

type Answer = QuoteMutation['quote']['quote'];
type Option = Answer['options'][number];

const PARTS = ['freightFen', 'remoteFen', 'fragileFen', 'keepUprightFen', 'insuranceFen', 'receiptReturnFen', 'timeSlotFen'] as const;

const newKey = () => crypto.randomUUID();

/** One service's price and promise, and the button that starts the order. */
function OptionCard({ option, recommended, reason, onOrder, timeSlot }: {
  option: Option;
  recommended: boolean;
  reason: string | null;
  onOrder: () => void;
  /** As a time-slot delivery: its own name and the agreed day and window instead of the service's arrival. */
  timeSlot?: { day: string; window: string };
}) {
  const { locale, ot } = useOrdersI18n();
  const b = option.breakdown;
  const kg = (g: number) => formatNumber(g / 1000, locale);
  const id = timeSlot ? 'quote-TIME_SLOT' : `quote-${option.service}`;
  return (
    <li class={recommended ? 'card quote-option recommended' : 'card quote-option'} aria-labelledby={id}>
      <div class="row">
        <h3 id={id}>
          {timeSlot ? ot('quote.timeSlotName') : option.name} {recommended && <span class="tag ok-tag">{ot('quote.recommended')}</span>}
        </h3>
        <strong class="price">{formatFen(b.totalFen, locale)}</strong>
      </div>
      {timeSlot ? (
        <p>{ot('quote.timeSlotArrival', { day: timeSlot.day, window: timeSlot.window.replace('-', '–') })}</p>
      ) : (
        <p>
          {ot('quote.arrival', { time: formatDateTime(option.arrival, locale) })}
          {!option.meetsDeadline && <span class="error"> · {ot('quote.late')}</span>}
        </p>
      )}
      {recommended && reason && <p class="muted small">{reason}</p>}
      <details>
        <summary>{ot('quote.chargeable', { kg: kg(b.chargeableGrams), vol: kg(b.volumetricGrams) })}</summary>
        <dl class="facts">
          {PARTS.filter((p) => b[p] > 0).map((p) => (
            <Fragment key={p}>
              <dt>{ot(`quote.part.${p}` as OrdersScreensKey)}</dt>
              <dd>{formatFen(b[p], locale)}</dd>
            </Fragment>
          ))}
        </dl>
      </details>
      <button type="button" class="btn primary block" onClick={onOrder}>
        {ot('quote.order')}
      </button>
    </li>
  );
}

/** 报价: what it costs and when it arrives, for an agent to answer while the customer waits. */
export function QuoteScreen({ staff }: { staff: StaffSummary }) {
  const { locale, ot } = useOrdersI18n();
  const { t: at } = useI18n();
  const [form, setForm] = useState<QuoteForm>(emptyQuote);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, ask] = useMutation(QuoteDocument);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [slotDayMissing, setSlotDayMissing] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped when 报价 finds a problem: the first field with its error shown takes the focus,
  // so the phone scrolls up to it and opens its keyboard (the summary is by the button).
  const [badTries, setBadTries] = useState(0);
  useEffect(() => {
    const first = formRef.current?.querySelector<HTMLElement>('.field-error[id$="-error"]');
    if (badTries > 0 && first) document.getElementById(first.id.slice(0, -'-error'.length))?.focus();
  }, [badTries]);
  const days = nextDays();
  const set = (patch: Partial<QuoteForm>) => {
    setForm({ ...form, ...patch });
    setAnswer(null);
  };
  const err = (k: string) => (errors[k] ? at(errors[k]!) : null);

  async function submit(e: Event) {
    e.preventDefault();
    const found = checkQuote(form);
    setErrors(found);
    setSlotDayMissing(form.timeSlot && !form.neededBy);
    if (form.timeSlot && !form.neededBy) return setProblem(ot('quote.fix'));
    if (Object.keys(found).length > 0) {
      setBadTries((n) => n + 1);
      return setProblem(ot('quote.fix'));
    }
    setProblem(null);
    const result = await ask({ input: toQuoteInput(form, newKey()) });
    if (result.error) {
      const first = serverErrors(result.error.graphQLErrors)[0];
      setProblem(result.error.networkError || !first ? ot('quote.offline') : `${first.message} (${first.code})`);
      return;
    }
    setAnswer(result.data?.quote.quote ?? null);
  }

  async function order(option: Option, service = option.service as DeliveryService) {
    if (!answer) return;
    const draft = intakeFromQuote(form, service, {
      quoteId: answer.id,
      totalFen: option.breakdown.totalFen,
      arrival: service === 'TIME_SLOT' ? new Date(agreedArrival(form)).toISOString() : option.arrival,
    });
    await saveDraft(`intake:${staff.id}`, { form: draft, step: 'consignor' });
    navigate('/orders/new');
    window.scrollTo(0, 0);
  }

  const number = (k: keyof QuoteForm, label: string, id: string, error?: string | null) => (
    <Field id={id} label={label} error={error ?? null}>
      <input id={id} type="text" inputMode="decimal" autocomplete="off" value={form[k] as string} onInput={(e) => set({ [k]: e.currentTarget.value })} />
    </Field>
  );
  // A time-slot delivery is one offer: the price the server charges for it (timeSlotChoice).
  const slot = answer && form.timeSlot ? timeSlotChoice(answer.options, form) : null;
  const weekday = (day: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'numeric', day: 'numeric' }).format(new Date(`${day}T12:00:00`));

  return (
    <div class="stack">
      <BackLink to="/orders" label={at('orders.back')} />
      <form class="card quote" ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="quote-title">
        <h2 id="quote-title">{ot('quote.title')}</h2>
        <p class="muted small">{ot('quote.intro')}</p>
        <fieldset>
          <legend>{ot('quote.from')}</legend>
          <div class="segmented">
            {ORIGINS.map((o) => (
              <label key={o.city} class={form.originCity === o.city ? 'seg on' : 'seg'}>
                <input type="radio" class="visually-hidden" name="origin" checked={form.originCity === o.city}
                  onChange={() => set({ originProvince: o.province, originCity: o.city })} />
                {o.city}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{ot('quote.to')}</legend>
          <div class="grid2">
            <Field id="quote-dest-province" label={ot('quote.destProvince')} error={err('destProvince')}>
              <input id="quote-dest-province" autocomplete="off" value={form.destProvince} onInput={(e) => set({ destProvince: e.currentTarget.value })} />
            </Field>
            <Field id="quote-dest-city" label={ot('quote.destCity')} error={err('destCity')}>
              <input id="quote-dest-city" autocomplete="off" value={form.destCity} onInput={(e) => set({ destCity: e.currentTarget.value })} />
            </Field>
          </div>
        </fieldset>
        <Field id="quote-goods" label={ot('quote.goods')} error={err('goodsName')}>
          <input id="quote-goods" autocomplete="off" value={form.goodsName} onInput={(e) => set({ goodsName: e.currentTarget.value })} />
        </Field>
        {number('weightKg', ot('quote.weight'), 'quote-weight', err('weightKg'))}
        <div class="grid3">
          {number('lengthCm', ot('quote.length'), 'quote-length')}
          {number('widthCm', ot('quote.width'), 'quote-width')}
          {number('heightCm', ot('quote.height'), 'quote-height')}
        </div>
        {err('dimensions') && (
          <p class="error field-error" role="alert">
            {err('dimensions')}
          </p>
        )}
        <Field id="quote-needed-by" label={ot('quote.neededBy')} error={slotDayMissing ? ot('quote.timeSlotDay') : null}>
          <select id="quote-needed-by" value={form.neededBy} onChange={(e) => set({ neededBy: e.currentTarget.value })}>
            <option value="">{ot('quote.noDeadline')}</option>
            {days.map((d) => (
              <option key={d} value={d}>
                {weekday(d)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{ot('quote.handling')}</legend>
          {(['fragile', 'keepUpright', 'receiptReturn', 'insured', 'timeSlot'] as const).map((flag) => (
            <label key={flag} class="check">
              <input type="checkbox" checked={form[flag]} onChange={(e) => set({ [flag]: e.currentTarget.checked })} />
              <span>{ot(`quote.${flag}`)}</span>
            </label>
          ))}
          {form.insured && number('declaredValue', ot('quote.declaredValue'), 'quote-value', err('declaredValue'))}
          {form.timeSlot && (
            <Field id="quote-window" label={ot('quote.window')}>
              <select id="quote-window" value={form.window} onChange={(e) => set({ window: e.currentTarget.value })}>
                {WINDOWS.map((w) => (
                  <option key={w} value={w}>
                    {w.replace('-', '–')}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </fieldset>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="btn primary block" disabled={fetching}>
          {fetching ? ot('quote.asking') : ot('quote.submit')}
        </button>
      </form>

      {answer && (
        <section aria-labelledby="quote-results" class="stack">
          <h2 id="quote-results">{ot('quote.results')}</h2>
          <p class="muted small">{ot('quote.validUntil', { time: formatDateTime(answer.expiresAt, locale) })}</p>
          {answer.options.length === 0 && <p class="error">{ot('quote.none')}</p>}
          {form.timeSlot && answer.options.length > 0 && !slot && <p class="error">{ot('quote.timeSlotNone')}</p>}
          <ul class="stack plain">
            {slot ? (
              <OptionCard option={slot} recommended={false} reason={null} onOrder={() => void order(slot, 'TIME_SLOT')}
                timeSlot={{ day: weekday(form.neededBy), window: form.window }} />
            ) : (
              !form.timeSlot &&
              answer.options.map((o) => (
                <OptionCard key={o.service} option={o} recommended={answer.recommended?.service === o.service}
                  reason={answer.recommendationText ?? null} onOrder={() => void order(o)} />
              ))
            )}
          </ul>
          {answer.refusals.length > 0 && (
            <section class="card" aria-labelledby="quote-refused">
              <h3 id="quote-refused">{ot('quote.refused')}</h3>
              <ul class="list">
                {answer.refusals.map((r) => (
                  <li key={r.service}>
                    <strong>{r.name}</strong>: {r.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </section>
      )}
    </div>
  );
}
