// Open shifts (空缺班次): a supervisor posts a shift the depot needs someone for; colleagues
// who may work it see it in 排班 and claim it; the supervisor confirms one claimant in the
// approvals inbox and the shift lands on their calendar. Every write goes through the outbox.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { isOnline } from '../../app/network';
import { useI18n, type Locale } from '../../i18n/i18n';
import { useOpenShiftsI18n } from '../../i18n/open-shifts';
import type { StaffSummary } from '../../session/session';
import { OpenShiftFormDocument, OpenShiftsDocument, type OpenShiftItemFragment } from './openshifts.generated';
import { RosterDepotDocument } from './roster.generated';
import { ChangeState, NewRequestRefusals, RuleList, formatDay, queueRosterChange, shiftLabel, useRosterRefetch } from './shared';
import '../../i18n/roster-screens';

function useOpenShifts(staffId: string) {
  const [{ data: me }] = useQuery({ query: RosterDepotDocument });
  const depotId = me?.me.depot.id ?? '';
  const [{ data, error }, reexecute] = useQuery({ query: OpenShiftsDocument, variables: { depotId }, pause: !depotId, requestPolicy: 'cache-and-network' });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  return { depotId, shifts: data?.openShifts ?? null, error };
}

function title(o: OpenShiftItemFragment, locale: Locale): string {
  return `${formatDay(o.day, locale)} ${shiftLabel(o.shiftType)}`;
}

/** The 空缺班次 view of the Roster tab: the shifts the caller may claim, and for supervisors the form to post one. */
export function OpenShiftsPanel({ staff, supervisor }: { staff: StaffSummary; supervisor: boolean }) {
  const { ot, locale } = useOpenShiftsI18n();
  const { depotId, shifts, error } = useOpenShifts(staff.id);
  const claims = staff.roles.includes('AGENT') || staff.roles.includes('SUPERVISOR');
  const mine = (shifts ?? []).filter((o) => claims && (o.myClaim?.status === 'PENDING' || o.violations.length === 0));
  return (
    <>
      {supervisor && depotId && <PostForm staffId={staff.id} depotId={depotId} />}
      {supervisor && shifts && <Posted staffId={staff.id} shifts={shifts} />}
      <section class="card" aria-labelledby="open-title">
        <h2 id="open-title">{ot('open.title')}</h2>
        <p class="small muted">{ot('open.hint')}</p>
        <NewRequestRefusals staffId={staff.id} types={['claimOpenShift', 'withdrawOpenShiftClaim']} />
        {error && !shifts && <p class="error" role="alert">{error.graphQLErrors[0]?.message ?? error.message}</p>}
        {!shifts && !error && <p class="muted small">{ot('open.loading')}</p>}
        {shifts && mine.length === 0 && <p class="muted">{ot('open.none')}</p>}
        <ul class="list">
          {mine.map((o) => (
            <li key={o.id}>
              <strong>{title(o, locale)}</strong>
              {o.needsQualification && <span class="tag">{ot('open.needsQualification')}</span>}
              {o.note && <p class="small">{ot('open.note', { note: o.note })}</p>}
              {o.myClaim?.status === 'PENDING' ? (
                <>
                  <p class="small ok">{ot('open.claimed')}</p>
                  <div class="actions">
                    <button type="button" class="btn" onClick={() => void queue(staff.id, 'withdrawOpenShiftClaim', o, locale, ot('open.withdraw'))}>
                      {ot('open.withdraw')}
                    </button>
                  </div>
                </>
              ) : (
                <>
                  {o.violations.length > 0 && <RuleList violations={o.violations} label={title(o, locale)} />}
                  <div class="actions">
                    <button type="button" class="btn primary" onClick={() => void queue(staff.id, 'claimOpenShift', o, locale, ot('open.claim'))}>
                      {ot('open.claim')}
                    </button>
                  </div>
                </>
              )}
              <ChangeState staffId={staff.id} subjectId={o.id} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function queue(staffId: string, type: 'claimOpenShift' | 'withdrawOpenShiftClaim', o: OpenShiftItemFragment, locale: Locale, action: string) {
  return queueRosterChange(staffId, { type, openShiftId: o.id, summary: `${action} · ${title(o, locale)}`, occurredAt: new Date().toISOString() });
}

/**
 * For supervisors: every open shift still waiting, with a two-step cancel (claimants are
 * told). A cancel's state shows at the top of the card, not under the shift: a shift that
 * was filled meanwhile leaves the list, and its refusal must stay in sight.
 */
function Posted({ staffId, shifts }: { staffId: string; shifts: OpenShiftItemFragment[] }) {
  const { ot, locale } = useOpenShiftsI18n();
  const [asking, setAsking] = useState('');
  const open = shifts.filter((o) => o.status === 'OPEN');
  return (
    <section class="card" aria-labelledby="open-posted-title">
      <h2 id="open-posted-title">{ot('open.posted.title')}</h2>
      <NewRequestRefusals staffId={staffId} types={['cancelOpenShift']} />
      {open.length === 0 && <p class="muted">{ot('open.posted.none')}</p>}
      <ul class="list">
        {open.map((o) => (
          <li key={o.id}>
            <strong>{title(o, locale)}</strong>
            {o.claims.length > 0 && <span class="tag">{ot('open.posted.claims', { count: o.claims.length })}</span>}
            {o.note && <p class="small">{ot('open.note', { note: o.note })}</p>}
            {asking === o.id ? (
              <>
                <p class="small" role="status">
                  {ot('open.cancel.ask')}
                </p>
                <div class="actions">
                  <button
                    type="button"
                    class="btn danger"
                    onClick={() => {
                      setAsking('');
                      void queueRosterChange(staffId, {
                        type: 'cancelOpenShift',
                        openShiftId: o.id,
                        version: o.version,
                        summary: `${ot('open.cancel')} · ${title(o, locale)}`,
                        occurredAt: new Date().toISOString(),
                      });
                    }}
                  >
                    {ot('open.cancel.yes')}
                  </button>
                  <button type="button" class="btn" onClick={() => setAsking('')}>
                    {ot('open.cancel.no')}
                  </button>
                </div>
              </>
            ) : (
              <div class="actions">
                <button type="button" class="btn" onClick={() => setAsking(o.id)}>
                  {ot('open.cancel')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PostForm({ staffId, depotId }: { staffId: string; depotId: string }) {
  const { t } = useI18n();
  const { ot, locale } = useOpenShiftsI18n();
  const [{ data }] = useQuery({ query: OpenShiftFormDocument, variables: { depotId } });
  const types = data?.shiftTypes ?? [];
  const [day, setDay] = useState('');
  const [typeId, setTypeId] = useState('');
  const [note, setNote] = useState('');
  const [sent, setSent] = useState('');
  const chosen = types.find((s) => s.id === typeId) ?? types[0];

  async function post(e: Event) {
    e.preventDefault();
    if (!day || !chosen) return;
    await queueRosterChange(staffId, {
      type: 'postOpenShift',
      depotId,
      day,
      shiftTypeId: chosen.id,
      note: note.trim(),
      summary: `${ot('open.post.submit')} · ${formatDay(day, locale)} ${shiftLabel(chosen)}`,
      occurredAt: new Date().toISOString(),
    });
    setNote('');
    setSent(isOnline() ? ot('open.post.sent') : t('roster.swap.queued'));
  }

  return (
    <section class="card" aria-labelledby="open-post-title">
      <h2 id="open-post-title">{ot('open.post.title')}</h2>
      <form onSubmit={(e) => void post(e)}>
        <label for="open-day">{ot('open.post.day')}</label>
        <input id="open-day" type="date" required value={day} onInput={(e) => setDay(e.currentTarget.value)} />
        <label for="open-type">{ot('open.post.shiftType')}</label>
        <select id="open-type" value={chosen?.id ?? ''} onChange={(e) => setTypeId(e.currentTarget.value)}>
          {types.map((s) => (
            <option key={s.id} value={s.id}>
              {shiftLabel(s)}
            </option>
          ))}
        </select>
        <label for="open-note">{ot('open.post.note')}</label>
        <input id="open-note" type="text" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit" class="btn primary" disabled={!day || !chosen}>
            {ot('open.post.submit')}
          </button>
        </div>
      </form>
      {sent && (
        <p class="ok small" role="status">
          {sent}
        </p>
      )}
      <NewRequestRefusals staffId={staffId} types={['postOpenShift']} />
    </section>
  );
}

/** The approvals inbox's open shifts with claimants: the supervisor confirms one. */
export function OpenShiftApprovals({ staff }: { staff: StaffSummary }) {
  const { ot, locale } = useOpenShiftsI18n();
  const { shifts } = useOpenShifts(staff.id);
  const claimed = (shifts ?? []).filter((o) => o.claims.length > 0);
  if (claimed.length === 0) return null;
  return (
    <section class="card" aria-labelledby="open-approvals-title">
      <h2 id="open-approvals-title">{ot('open.approvals.title')}</h2>
      <NewRequestRefusals staffId={staff.id} types={['confirmOpenShiftClaim']} />
      <ul class="list">
        {claimed.map((o) => (
          <li key={o.id}>
            <strong>{title(o, locale)}</strong>
            {o.note && <p class="small">{ot('open.note', { note: o.note })}</p>}
            <p class="small muted">{ot('open.claimants')}</p>
            {o.claims.map((c) => (
              <div key={c.id} class="actions">
                <button
                  type="button"
                  class="btn primary"
                  onClick={() =>
                    void queueRosterChange(staff.id, {
                      type: 'confirmOpenShiftClaim',
                      openShiftId: o.id,
                      claimId: c.id,
                      version: o.version,
                      summary: `${ot('open.confirm', { name: c.claimant.name })} · ${title(o, locale)}`,
                      occurredAt: new Date().toISOString(),
                    })
                  }
                >
                  {ot('open.confirm', { name: `${c.claimant.name} (${c.claimant.employeeNo})` })}
                </button>
              </div>
            ))}
            <ChangeState staffId={staff.id} subjectId={o.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Under a leave request's coverage in the approvals inbox: how many open shifts are already
 * posted for that shift, or a button that posts the gap as one (linked to the leave request).
 */
export function GapOffer({
  staffId,
  leaveId,
  depotId,
  coverage,
}: {
  staffId: string;
  leaveId: string;
  depotId: string;
  coverage: { day: string; openShifts: number; shiftType: Parameters<typeof shiftLabel>[0] & { id: string } };
}) {
  const { ot, locale } = useOpenShiftsI18n();
  const [sent, setSent] = useState(false);
  if (coverage.openShifts > 0) return <span class="block">{ot('open.gap.posted', { count: coverage.openShifts })}</span>;
  if (sent) {
    return (
      <span class="block ok" role="status">
        {ot('open.gap.sent')}
      </span>
    );
  }
  async function post() {
    await queueRosterChange(staffId, {
      type: 'postOpenShift',
      depotId,
      day: coverage.day,
      shiftTypeId: coverage.shiftType.id,
      note: '',
      leaveRequestId: leaveId,
      summary: `${ot('open.post.submit')} · ${formatDay(coverage.day, locale)} ${shiftLabel(coverage.shiftType)}`,
      occurredAt: new Date().toISOString(),
    });
    setSent(true);
  }
  return (
    <div class="actions">
      <button type="button" class="btn" onClick={() => void post()}>
        {ot('open.gap.post')}
      </button>
    </div>
  );
}
