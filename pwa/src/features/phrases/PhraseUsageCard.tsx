// 话术使用 on the tickets report, for coaching: this month, per person replying from the
// caller's depot, how often they used each standard phrase and how many replies opened
// with a phrase the handbook forbids.
import { useQuery } from '@urql/preact';
import { usePhrasesI18n } from '../../i18n/phrases';
import { phraseText } from './PhrasePicker';
import { MyDepotForPhrasesDocument, PhraseUsageDocument } from './phrases.generated';

export function PhraseUsageCard() {
  const { pt, locale } = usePhrasesI18n();
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  const [{ data: me }] = useQuery({ query: MyDepotForPhrasesDocument });
  const depotId = me?.me.depot.id ?? '';
  const [{ data, error }] = useQuery({ query: PhraseUsageDocument, variables: { depotId, month }, pause: !depotId, requestPolicy: 'cache-and-network' });
  const rows = data?.phraseUsage ?? [];
  return (
    <section class="card" aria-labelledby="ph-usage-title">
      <h2 id="ph-usage-title">{pt('ph.usage')}</h2>
      <p class="small muted">{pt('ph.usageHint', { month })}</p>
      {error && !data && (
        <p class="error small" role="alert">
          {error.message}
        </p>
      )}
      {data && rows.length === 0 && <p class="muted small">{pt('ph.usageNone')}</p>}
      {rows.map((r) => (
        <div key={r.employeeNo} class="ph-item">
          <p>
            <strong>{r.name}</strong> {r.employeeNo}
          </p>
          <p class="small">
            {pt('ph.usageCounts', { uses: r.phrases.reduce((n, p) => n + p.uses, 0), forbidden: r.forbiddenOpenings })}
          </p>
          {r.phrases.slice(0, 3).map((p) => (
            <p key={p.phrase.id} class="small muted">
              {pt('ph.usageTimes', { n: p.uses })} · {phraseText(p.phrase, locale)}
            </p>
          ))}
        </div>
      ))}
    </section>
  );
}
