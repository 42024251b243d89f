// The monthly over/short-goods register (多货少货登记): every report whose clearing date
// falls in the month, with its review and the branch held responsible, and the approved
// reports counted by branch for the reward/penalty decision.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useTicketsI18n } from '../../i18n/tickets';
import { OverShortFacts } from './OverShortScreen';
import { OverShortRegisterDocument, type OverShortReportItemFragment } from './tickets.generated';

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Approved reports per responsible branch, most first. */
export function approvedByBranch(reports: readonly OverShortReportItemFragment[]): { name: string; count: number }[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const r of reports) {
    if (r.status !== 'APPROVED') continue;
    const c = counts.get(r.responsibleBranch.id) ?? { name: r.responsibleBranch.name, count: 0 };
    c.count++;
    counts.set(r.responsibleBranch.id, c);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function OverShortRegister() {
  const { tt } = useTicketsI18n();
  const [month, setMonth] = useState(thisMonth);
  const [{ data, fetching, error }] = useQuery({ query: OverShortRegisterDocument, variables: { month }, requestPolicy: 'cache-and-network', pause: !month });
  const list = data?.overShortRegister;
  const branches = list ? approvedByBranch(list) : [];
  return (
    <section class="card" aria-labelledby="os-reg-title">
      <h2 id="os-reg-title">{tt('tk.osRegister')}</h2>
      <div class="tk-field">
        <label for="os-month">{tt('tk.osMonth')}</label>
        <input id="os-month" type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
      </div>
      {fetching && !list && <p class="muted">{tt('tk.loading')}</p>}
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.osRegisterNone')}</p>}
      {branches.length > 0 && (
        <>
          <h3>{tt('tk.osByBranch')}</h3>
          <ul class="tk-bars" aria-label={tt('tk.osByBranch')}>
            {branches.map((b) => (
              <li key={b.name}>
                <span>{b.name}</span>
                <span class="tk-bar" style={{ width: `${(100 * b.count) / (branches[0]?.count ?? 1)}%` }} />
                <strong>{b.count}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.osRegister')}>
          {list.map((r) => (
            <li key={r.id}>
              <div class="row">
                <strong>{r.goodsName}</strong>
                <span class={`tag${r.status === 'REJECTED' ? ' late' : ''}`}>
                  {tt(`tk.os.${r.kind}`)} · {tt(`tk.osStatus.${r.status}`)}
                </span>
              </div>
              <OverShortFacts report={r} />
              {r.reviewedBy && <p class="small">{tt('tk.osReviewed', { name: r.reviewedBy.name, comment: r.reviewComment })}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
