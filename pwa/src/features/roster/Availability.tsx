// Availability (可用时间): a person marks days, or times within a day, they cannot work or
// would rather not, with a reason; the roster editor shows the marks and warns when a shift
// is put on one. Marks and removals go through the outbox.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { isOnline } from '../../app/network';
import { useAvailabilityI18n } from '../../i18n/availability';
import type { AvailabilityKind } from '../../graphql/schema-types';
import { MyAvailabilityDocument } from './availability.generated';
import { ChangeState, NewRequestRefusals, formatDay, queueRosterChange, useRosterRefetch } from './shared';

/** "08:30" for 510 minutes after midnight (1440 is "24:00"). */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function minutesOf(value: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The 可用时间 view of the Roster tab: the caller's marks in the month and the form to add one. */
export function AvailabilityPanel({ staffId, month }: { staffId: string; month: string }) {
  const { at, locale } = useAvailabilityI18n();
  const [{ data, error }, reexecute] = useQuery({ query: MyAvailabilityDocument, variables: { month }, requestPolicy: 'cache-and-network' });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const marks = data?.myAvailability ?? null;
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<AvailabilityKind>('UNAVAILABLE');
  const [whole, setWhole] = useState(true);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('18:00');
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState('');
  const kindText = (k: AvailabilityKind) => at(k === 'UNAVAILABLE' ? 'avail.unavailable' : 'avail.preferNot');

  async function mark(e: Event) {
    e.preventDefault();
    if (!day || !reason.trim()) return;
    const startMinute = whole ? null : minutesOf(from);
    const endMinute = whole ? null : to === '00:00' ? 1440 : minutesOf(to);
    const when = whole ? at('avail.wholeDay') : `${from}–${to}`;
    await queueRosterChange(staffId, {
      type: 'markAvailability',
      day,
      kind,
      startMinute,
      endMinute,
      reason: reason.trim(),
      summary: `${at('avail.submit')} · ${formatDay(day, locale)} ${when} ${kindText(kind)}`,
      occurredAt: new Date().toISOString(),
    });
    setReason('');
    setSent(isOnline() ? at('avail.sent') : at('avail.queued'));
  }

  return (
    <>
      <section class="card" aria-labelledby="avail-title">
        <h2 id="avail-title">{at('avail.title')}</h2>
        <p class="small muted">{at('avail.hint')}</p>
        <form onSubmit={(e) => void mark(e)}>
          <label for="avail-day">{at('avail.day')}</label>
          <input id="avail-day" type="date" required value={day} onInput={(e) => setDay(e.currentTarget.value)} />
          <fieldset class="avail-kind">
            <legend>{at('avail.kind')}</legend>
            {(['UNAVAILABLE', 'PREFER_NOT'] as const).map((k) => (
              <label key={k} class="check">
                <input type="radio" name="avail-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {kindText(k)}
              </label>
            ))}
          </fieldset>
          <label class="check">
            <input type="checkbox" checked={whole} onChange={(e) => setWhole(e.currentTarget.checked)} />
            {at('avail.wholeDay')}
          </label>
          {!whole && (
            <div class="two">
              <span>
                <label for="avail-from">{at('avail.from')}</label>
                <input id="avail-from" type="time" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
              </span>
              <span>
                <label for="avail-to">{at('avail.to')}</label>
                <input id="avail-to" type="time" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
              </span>
            </div>
          )}
          <label for="avail-reason">{at('avail.reason')}</label>
          <input id="avail-reason" type="text" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <button type="submit" class="btn primary block" disabled={!day || !reason.trim()}>
            {at('avail.submit')}
          </button>
          {sent && (
            <p class="small ok" role="status">
              {sent}
            </p>
          )}
        </form>
        <NewRequestRefusals staffId={staffId} types={['markAvailability', 'removeAvailability']} />
      </section>

      <section class="card" aria-labelledby="avail-mine">
        <h2 id="avail-mine">{at('avail.mine')}</h2>
        {error && !marks && (
          <p class="error" role="alert">
            {error.graphQLErrors[0]?.message ?? error.message}
          </p>
        )}
        {!marks && !error && <p class="muted small">{at('avail.loading')}</p>}
        {marks && marks.length === 0 && <p class="muted">{at('avail.none')}</p>}
        <ul class="list">
          {(marks ?? []).map((m) => (
            <li key={m.id} class={m.kind === 'UNAVAILABLE' ? 'avail-mark unavailable' : 'avail-mark prefer-not'}>
              <strong>{formatDay(m.day, locale)}</strong>{' '}
              <span class="small">{m.startMinute == null || m.endMinute == null ? at('avail.wholeDay') : `${clock(m.startMinute)}–${clock(m.endMinute)}`}</span>{' '}
              <span class="tag">{kindText(m.kind)}</span>
              <p class="small">{m.reason}</p>
              <div class="actions">
                <button
                  type="button"
                  class="btn"
                  aria-label={at('avail.removeLabel', { day: formatDay(m.day, locale) })}
                  onClick={() =>
                    void queueRosterChange(staffId, {
                      type: 'removeAvailability',
                      markId: m.id,
                      summary: `${at('avail.remove')} · ${formatDay(m.day, locale)} ${kindText(m.kind)}`,
                      occurredAt: new Date().toISOString(),
                    })
                  }
                >
                  {at('avail.remove')}
                </button>
              </div>
              <ChangeState staffId={staffId} subjectId={m.id} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
