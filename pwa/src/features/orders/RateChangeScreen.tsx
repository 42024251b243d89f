import { BackLink } from '../../ui/BackLink';
import { useMutation, useQuery } from '@urql/preact';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { serverErrors } from '../../graphql/errors';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { Field, LoadError } from './common';
import { formatFen } from '../../ui/money';
import { PublishTariffDocument, TariffInEffectDocument } from './quotes.generated';
import { adjustedTerms, adjustFen } from './rateChange';

/** Tomorrow in the phone's zone, YYYY-MM-DD. */
function tomorrow(now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 运价调整: a manager moves the tariff's prices by a percentage from a day; every depot gets the notice. */
export function RateChangeScreen() {
  const { ot, locale, t } = useOrdersI18n();
  const [{ data, error }] = useQuery({ query: TariffInEffectDocument, variables: {} });
  const [{ fetching }, publish] = useMutation(PublishTariffDocument);
  const [from, setFrom] = useState(tomorrow);
  const [name, setName] = useState('');
  const [percent, setPercent] = useState('5');
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tariff = data?.tariffInEffect;
  const pct = Number(percent);
  const money = (fen: number) => formatFen(fen, locale);

  async function submit(e: Event) {
    e.preventDefault();
    if (!tariff) return;
    const title = name.trim() || `${ot('rate.title')} ${from}`;
    if (!from || percent.trim() === '' || !Number.isFinite(pct) || pct < -50 || pct > 100) return setProblem(ot('rate.bad'));
    setProblem(null);
    const r = await publish({ input: { idempotencyKey: crypto.randomUUID(), name: title, effectiveFrom: from, terms: adjustedTerms(tariff.terms, pct) } });
    if (r.error) {
      const first = serverErrors(r.error.graphQLErrors)[0];
      return setProblem(ot('rate.failed', { message: first ? `${first.message} (${first.code})` : String(r.error.networkError ?? '') }));
    }
    const t = r.data!.publishTariff.tariff;
    setDone(ot('rate.published', { name: t.name, from: t.effectiveFrom }));
  }

  const sample = tariff?.terms.services[0];
  const samplePrice = sample?.prices[sample.prices.length - 1];

  return (
    <div class="stack">
      <BackLink to="/orders" label={t('orders.back')} />
      <section class="card" aria-labelledby="rate-title">
        <h2 id="rate-title">{ot('rate.title')}</h2>
        {error && <LoadError error={error} />}
        {tariff && <p>{ot('rate.current', { name: tariff.name, from: tariff.effectiveFrom })}</p>}
        {tariff && (
          <details>
            <summary>{ot('rate.table')}</summary>
            <dl class="facts">
              {tariff.terms.services.map((s) =>
                s.prices.map((p) => (
                  <Fragment key={`${s.service}-${p.zone}`}>
                    <dt>
                      {locale === 'en' ? s.nameEn : s.nameZh} · {ot('rate.zone', { zone: p.zone })}
                    </dt>
                    <dd>
                      {money(p.firstFen)} / {money(p.stepFen)}
                    </dd>
                  </Fragment>
                )),
              )}
            </dl>
          </details>
        )}
      </section>
      {tariff && !done && (
        <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-label={ot('rate.publish')}>
          <Field id="rate-name" label={ot('rate.name')}>
            <input id="rate-name" value={name} maxLength={100} placeholder={`${ot('rate.title')} ${from}`} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field id="rate-from" label={ot('rate.from')}>
            <input id="rate-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </Field>
          <Field id="rate-percent" label={ot('rate.percent')} hint={ot('rate.percentHint')}>
            <input id="rate-percent" type="text" inputMode="decimal" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />
          </Field>
          {sample && samplePrice && Number.isFinite(pct) && (
            <p class="muted small">
              {ot('rate.preview', {
                service: locale === 'en' ? sample.nameEn : sample.nameZh,
                zone: samplePrice.zone,
                first: money(adjustFen(samplePrice.firstFen, pct)),
                step: money(adjustFen(samplePrice.stepFen, pct)),
              })}
            </p>
          )}
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" class="btn primary block" disabled={fetching}>
            {ot('rate.publish')}
          </button>
        </form>
      )}
      {done && (
        <p class="card ok" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
