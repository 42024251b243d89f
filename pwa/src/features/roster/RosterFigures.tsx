// The editor's figures per person for the month: nights, weekend rest days and public
// holidays (to spread the unpopular duty fairly) and hours with overtime against the
// lawful limits (8 h a day, 44 h a week, 36 h overtime a month by default), the person and
// week over a limit highlighted, with the server's warnings naming them.
import { useFiguresI18n } from '../../i18n/roster-figures';
import type { RosterEditorQuery } from './roster.generated';
import { formatDay } from './shared';

type Roster = NonNullable<RosterEditorQuery['dutyRoster']>;

const num = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

export function RosterFigures({ roster }: { roster: Roster }) {
  const { ft, locale } = useFiguresI18n();
  const duty = new Map(roster.duty.map((d) => [d.staff.id, d]));
  const { limits, people, warnings } = roster.hours;
  if (people.length === 0) return null;
  return (
    <section class="card" aria-labelledby="figures-title">
      <h2 id="figures-title">{ft('title')}</h2>
      <p class="muted small">
        {limits.comprehensive
          ? ft('comprehensive', { cap: num(limits.monthlyOvertimeCapHours) })
          : ft('limits', { week: num(limits.weeklyStandardHours), cap: num(limits.monthlyOvertimeCapHours) })}
      </p>
      {warnings.length > 0 && (
        <ul class="rules hours-warnings" aria-label={ft('warnings')}>
          {warnings.map((w) => (
            <li key={`${w.staff.id}-${w.rule}-${w.period}`} class="warn">
              {w.violation.message}
            </li>
          ))}
        </ul>
      )}
      <div class="figures-scroll">
        <table class="figures" aria-labelledby="figures-title">
          <thead>
            <tr>
              <th scope="col">{ft('person')}</th>
              <th scope="col">{ft('nights')}</th>
              <th scope="col">
                <abbr title={ft('weekends')}>{ft('weekendsAbbr')}</abbr>
              </th>
              <th scope="col">
                <abbr title={ft('holidays')}>{ft('holidaysAbbr')}</abbr>
              </th>
              <th scope="col">{ft('hours')}</th>
              <th scope="col">
                <abbr title={ft('overtime')}>{ft('overtimeAbbr')}</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const d = duty.get(p.staff.id);
              const over = p.weeks.filter((w) => w.overLimit);
              return (
                <tr key={p.staff.id} class={p.overLimit ? 'over' : undefined}>
                  <th scope="row">
                    {p.staff.name}
                    {over.map((w) => (
                      <span key={w.monday} class="tag over-week">
                        {ft('week', { day: formatDay(w.monday, locale), hours: num(w.hours) })}
                      </span>
                    ))}
                  </th>
                  <td>{d?.nights ?? 0}</td>
                  <td>{d?.weekends ?? 0}</td>
                  <td>{d?.holidays ?? 0}</td>
                  <td>{num(p.hours)}</td>
                  <td>{num(p.overtimeHours)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
