// The supervisor's roster editor, made for a phone: pick people, a shift type and a range
// of days, assign; copy last month; publish. Every write goes through the outbox.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useAvailabilityI18n } from '../../i18n/availability';
import { useI18n } from '../../i18n/i18n';
import { useFiguresI18n } from '../../i18n/roster-figures';
import { dayRange, monthDays } from './month';
import { RosterFigures } from './RosterFigures';
import { RosterDepotDocument, RosterEditorDocument } from './roster.generated';
import { ChangeState, NewRequestRefusals, formatDay, queueRosterChange, shiftLabel, useRosterRefetch } from './shared';
import '../../i18n/roster-screens';

export function RosterEditor({ staffId, month }: { staffId: string; month: string }) {
  const { t, locale } = useI18n();
  const { ft } = useFiguresI18n();
  const { at } = useAvailabilityI18n();
  const [{ data: me }] = useQuery({ query: RosterDepotDocument });
  const depotId = me?.me.depot.id ?? '';
  const [{ data, fetching }, reexecute] = useQuery({ query: RosterEditorDocument, variables: { depotId, month }, pause: !depotId });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const days = monthDays(month);
  const [people, setPeople] = useState<string[]>([]);
  const [typeId, setTypeId] = useState('');
  const [from, setFrom] = useState(days[0]!);
  const [to, setTo] = useState(days[days.length - 1]!);
  // Publishing a roster that goes over the lawful hours asks once more first.
  const [confirming, setConfirming] = useState(false);

  const roster = data?.dutyRoster ?? null;
  const types = data?.shiftTypes ?? [];
  const staff = (data?.depot && 'staff' in data.depot ? data.depot.staff.edges.map((e) => e.node) : []).filter((s) => s.active);
  const inMonth = (d: string) => d.startsWith(month);
  const range = inMonth(from) && inMonth(to) ? dayRange(from, to) : [];
  const canAssign = people.length > 0 && range.length > 0;
  const now = () => new Date().toISOString();

  function toggle(id: string) {
    setPeople((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  }

  async function assign() {
    const type = types.find((s) => s.id === typeId);
    const assignments = people.flatMap((staffId) => range.map((day) => ({ staffId, day, shiftTypeId: typeId || null })));
    await queueRosterChange(staffId, {
      type: 'assignShifts',
      depotId,
      month,
      assignments,
      summary: `${type ? type.name : t('roster.editor.clear')} · ${t('roster.editor.count', { people: people.length, days: range.length })}`,
      occurredAt: now(),
    });
  }

  function publish() {
    setConfirming(false);
    if (roster) void queueRosterChange(staffId, { type: 'publishRoster', rosterId: roster.id, version: roster.version, summary: month, occurredAt: now() });
  }

  type Assignment = NonNullable<typeof roster>['assignments'][number];
  const byDay = new Map<string, Assignment[]>();
  for (const a of roster?.assignments ?? []) {
    byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
  }

  // Availability: the strongest mark of a person's day (UNAVAILABLE over PREFER_NOT).
  const marks = new Map<string, 'UNAVAILABLE' | 'PREFER_NOT'>();
  for (const m of data?.depotAvailability ?? []) {
    const k = `${m.staff.id} ${m.day}`;
    if (marks.get(k) !== 'UNAVAILABLE') marks.set(k, m.kind);
  }
  const againstAvailability = roster?.availabilityWarnings ?? [];

  // One cell: a tap on a person's day changes or clears that day alone.
  const [cell, setCell] = useState<{ day: string; staffId: string; name: string; typeId: string } | null>(null);
  async function saveCell() {
    if (!cell) return;
    const type = types.find((s) => s.id === cell.typeId);
    await queueRosterChange(staffId, {
      type: 'assignShifts',
      depotId,
      month,
      assignments: [{ staffId: cell.staffId, day: cell.day, shiftTypeId: cell.typeId || null }],
      summary: `${cell.name} ${formatDay(cell.day, locale)} · ${type ? type.name : t('roster.editor.clear')}`,
      occurredAt: now(),
    });
    setCell(null);
  }

  return (
    <>
      <section class="card" aria-labelledby="editor-title">
        <h2 id="editor-title">{t('roster.editor.title')}</h2>
        {fetching && !data && <p class="muted">{t('today.loading')}</p>}
        <p>
          {roster
            ? t(roster.status === 'PUBLISHED' ? 'roster.editor.published' : 'roster.editor.draft', { count: roster.assignments.length })
            : t('roster.editor.none')}
        </p>
        {roster && <ChangeState staffId={staffId} subjectId={roster.id} />}
        <div class="actions">
          <button
            type="button"
            class="btn"
            disabled={!depotId}
            onClick={() => void queueRosterChange(staffId, { type: 'copyPreviousRoster', depotId, month, summary: month, occurredAt: now() })}
          >
            {t('roster.editor.copy')}
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={!roster || roster.status !== 'DRAFT'}
            onClick={() => (roster && roster.hours.warnings.length > 0 ? setConfirming(true) : publish())}
          >
            {t('roster.editor.publish')}
          </button>
        </div>
        {confirming && roster && (
          <div class="notice warn publish-confirm" role="alertdialog" aria-labelledby="publish-warn">
            <p id="publish-warn">{ft('publishWarn', { count: roster.hours.warnings.length })}</p>
            <div class="actions">
              <button type="button" class="btn" onClick={() => setConfirming(false)}>
                {ft('back')}
              </button>
              <button type="button" class="btn primary" onClick={() => publish()}>
                {ft('publishAnyway')}
              </button>
            </div>
          </div>
        )}
        <NewRequestRefusals staffId={staffId} types={['assignShifts', 'copyPreviousRoster']} />
      </section>

      {againstAvailability.length > 0 && (
        <section class="card notice warn" aria-labelledby="avail-warn-title">
          <h2 id="avail-warn-title">{at('avail.editor.title')}</h2>
          <ul class="list">
            {againstAvailability.map((w) => (
              <li key={`${w.staff.id} ${w.day}`} class="small">
                {w.violation.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {roster && <RosterFigures roster={roster} />}

      <section class="card" aria-labelledby="assign-title">
        <h2 id="assign-title">{t('roster.editor.assign')}</h2>
        {data && types.length === 0 && <p class="muted">{t('roster.editor.noTypes')}</p>}
        <fieldset class="people">
          <legend>{t('roster.editor.people')}</legend>
          {staff.map((s) => (
            <label key={s.id} class="check">
              <input type="checkbox" checked={people.includes(s.id)} onChange={() => toggle(s.id)} />
              {s.name} <span class="muted small">{s.employeeNo}</span>
            </label>
          ))}
        </fieldset>
        <label for="editor-type">{t('roster.editor.shiftType')}</label>
        <select id="editor-type" value={typeId} onChange={(e) => setTypeId(e.currentTarget.value)}>
          <option value="">{t('roster.editor.clear')}</option>
          {types.map((s) => (
            <option key={s.id} value={s.id}>
              {shiftLabel(s)}
            </option>
          ))}
        </select>
        <div class="two">
          <span>
            <label for="editor-from">{t('roster.editor.from')}</label>
            <input id="editor-from" type="date" min={days[0]} max={days[days.length - 1]} value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </span>
          <span>
            <label for="editor-to">{t('roster.editor.to')}</label>
            <input id="editor-to" type="date" min={days[0]} max={days[days.length - 1]} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </span>
        </div>
        <button type="button" class="btn primary block" disabled={!canAssign} onClick={() => void assign()}>
          {t('roster.editor.apply', { count: people.length * range.length })}
        </button>
      </section>

      <section class="card" aria-labelledby="days-title">
        <h2 id="days-title">{t('roster.editor.days')}</h2>
        {roster && byDay.size === 0 && <p class="muted">{t('roster.editor.empty')}</p>}
        {!roster && data && <p class="muted">{t('roster.editor.none')}</p>}
        <ul class="list">
          {days
            .filter((d) => byDay.has(d))
            .map((d) => (
              <li key={d}>
                <strong class="small">{formatDay(d, locale)}</strong>
                <span class="cells">
                  {byDay.get(d)!.map((a) => {
                    const mark = marks.get(`${a.staff.id} ${d}`);
                    const flag = mark && at(mark === 'UNAVAILABLE' ? 'avail.cell.unavailable' : 'avail.cell.preferNot');
                    return (
                      <button
                        key={a.id}
                        type="button"
                        class={mark ? `btn small avail-${mark === 'UNAVAILABLE' ? 'unavailable' : 'prefer-not'}` : 'btn small'}
                        title={flag}
                        aria-expanded={cell?.day === d && cell.staffId === a.staff.id}
                        onClick={() => setCell({ day: d, staffId: a.staff.id, name: a.staff.name, typeId: a.shiftType.id })}
                      >
                        {a.shiftType.name} {a.staff.name}
                        {flag && <span class="avail-flag">({flag})</span>}
                      </button>
                    );
                  })}
                </span>
                {cell?.day === d && (
                  <div class="cell-edit">
                    <label for="cell-type">{locale === 'en' ? `${cell.name}, ${formatDay(d, locale)}` : `${cell.name} ${formatDay(d, locale)} 的班次`}</label>
                    <select id="cell-type" value={cell.typeId} onChange={(e) => setCell({ ...cell, typeId: e.currentTarget.value })}>
                      <option value="">{t('roster.editor.clear')}</option>
                      {types.map((s) => (
                        <option key={s.id} value={s.id}>
                          {shiftLabel(s)}
                        </option>
                      ))}
                    </select>
                    <div class="actions">
                      <button type="button" class="btn primary" onClick={() => void saveCell()}>
                        {locale === 'en' ? 'Save' : '保存'}
                      </button>
                      <button type="button" class="btn" onClick={() => setCell(null)}>
                        {t('sw.close')}
                      </button>
                    </div>
                  </div>
                )}
              </li>
            ))}
        </ul>
      </section>
    </>
  );
}
