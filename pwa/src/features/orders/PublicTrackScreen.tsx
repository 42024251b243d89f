// 查快递: the page a customer opens without an account (/track). Milestones and the signer
// masked as carriers show it (张*): no full names, phones or addresses ever reach it.
import './orders.css';
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, setLocale } from '../../i18n/i18n';
import { useOrdersI18n } from '../../i18n/orders-screens';
import { formatFen } from '../../ui/money';
import { Field, TimelineEntry } from './common';
import { lookUpParcel, type LookupResult } from './publicTrack';

export function PublicTrackScreen({ initialWaybill = '' }: { initialWaybill?: string }) {
  const { ot, t, locale } = useOrdersI18n();
  const [waybill, setWaybill] = useState(initialWaybill);
  const [last4, setLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LookupResult | null>(null);
  useEffect(() => {
    document.title = `${ot('track.title')} · ${t('appName')}`;
  }, [locale]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setResult(await lookUpParcel(waybill, last4));
    setBusy(false);
  }

  const problem = result?.kind === 'problem' ? result : null;
  const found = result?.kind === 'found' ? result.tracking : null;
  const message = problem && ot(problem.key, problem.params);
  return (
    <main class="public-track stack" id="main">
      <header>
        <h1>{ot('track.title')}</h1>
        <button type="button" class="btn small" lang={locale === 'en' ? 'zh-CN' : 'en'} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
          {ot('track.language')}
        </button>
      </header>
      <form class="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="track-form-title">
        <p id="track-form-title">{ot('track.intro')}</p>
        <Field id="track-waybill" label={ot('track.waybill')} hint={ot('track.waybillHint')} error={problem?.field === 'waybill' ? message : null}>
          <input
            id="track-waybill"
            value={waybill}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-invalid={problem?.field === 'waybill'}
            onInput={(e) => setWaybill(e.currentTarget.value)}
          />
        </Field>
        <Field id="track-last4" label={ot('track.last4')} error={problem?.field === 'last4' ? message : null}>
          <input
            id="track-last4"
            value={last4}
            inputMode="numeric"
            maxLength={4}
            autocomplete="off"
            aria-invalid={problem?.field === 'last4'}
            onInput={(e) => setLast4(e.currentTarget.value)}
          />
        </Field>
        {problem && !problem.field && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" class="btn primary block" disabled={busy}>
          {busy ? ot('track.searching') : ot('track.submit')}
        </button>
      </form>
      {found && (
        <section class="card" aria-labelledby="track-result-title">
          <h2 id="track-result-title" class="code">
            {found.waybillNo}
          </h2>
          <dl class="facts">
            <dt>{ot('track.status')}</dt>
            <dd>
              <strong>{t(`status.${found.status}`)}</strong>
              {found.exceptionReason && ` · ${t(`reason.${found.exceptionReason}`)}`}
              {found.cancelled && ` · ${ot('track.cancelled')}`}
            </dd>
            {found.signedBy && (
              <>
                <dt>{ot('track.signedBy')}</dt>
                <dd>{found.signedBy}</dd>
              </>
            )}
            <dt>{ot('track.destination')}</dt>
            <dd>{found.destinationCity}</dd>
            {found.freightFen != null && (
              <>
                <dt>{ot('track.freight')}</dt>
                <dd>{formatFen(found.freightFen, locale)}</dd>
              </>
            )}
            {/* Once signed for or returned, the expected arrival no longer means anything. */}
            {found.status !== 'SIGNED' && found.status !== 'RETURNED' && !found.cancelled && (
              <>
                <dt>{ot('track.eta')}</dt>
                <dd class={found.late ? 'error' : undefined}>
                  {formatDateTime(found.expectedArrival, locale)}
                  {found.late && ` · ${ot('track.late')}`}
                </dd>
              </>
            )}
          </dl>
          <h3>{ot('track.events')}</h3>
          {found.events.length === 0 ? (
            <p class="muted">{ot('track.noEvents')}</p>
          ) : (
            <ol class="timeline" aria-label={ot('track.events')}>
              {[...found.events].reverse().map((e, i) => (
                <TimelineEntry key={`${e.occurredAt}-${i}`} event={e} latest={i === 0}>
                  {e.place && <span class="block small muted">{e.place}</span>}
                </TimelineEntry>
              ))}
            </ol>
          )}
        </section>
      )}
      <p class="small">
        <a href="/today">{ot('track.staffLogin')}</a>
      </p>
    </main>
  );
}
