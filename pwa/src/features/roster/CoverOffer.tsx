// The way out of a refused night-shift leave (夜班不能请假): the colleagues who could cover the
// night by a swap, each with the shifts the requester could work in return, or the rules that
// exclude them. Choosing one queues an ordinary swap request.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { isOnline } from '../../app/network';
import { useI18n } from '../../i18n/i18n';
import { CoverCandidatesDocument, RosterMonthDocument, type CoverCandidatesQuery, type RosterAssignmentFragment } from './roster.generated';
import { RuleList, formatDay, queueRosterChange, shiftLabel, type RosterOutboxItem } from './shared';
import '../../i18n/roster-screens';

/** The cover offer under each leave request refused because it falls on a night shift. */
export function CoverOffers({ staffId, refused }: { staffId: string; refused: readonly RosterOutboxItem[] }) {
  const nights = refused.filter((i) => i.state === 'refused' && i.refusal?.code === 'LEAVE_NIGHT_SHIFT' && i.change.type === 'requestLeave');
  return (
    <>
      {nights.map((i) =>
        i.change.type === 'requestLeave' ? <CoverOffer key={i.key} staffId={staffId} from={i.change.startDay} to={i.change.endDay} /> : null,
      )}
    </>
  );
}

/** The cover offer for the night shifts between from and to (the dry run or a refusal found them). */
export function CoverOffer({ staffId, from, to }: { staffId: string; from: string; to: string }) {
  const { t, locale } = useI18n();
  const month = from.slice(0, 7);
  const [{ data }] = useQuery({ query: RosterMonthDocument, variables: { month, year: Number(month.slice(0, 4)) } });
  const nights = (data?.myShifts ?? []).filter((s) => s.shiftType.night && s.day >= from && s.day <= to);
  const [open, setOpen] = useState<string | null>(null);
  if (nights.length === 0) return null;
  return (
    <section class="card cover" aria-labelledby={`cover-${from}`}>
      <h3 id={`cover-${from}`}>{t('roster.cover.title')}</h3>
      <p class="small">{t('roster.cover.offer')}</p>
      {nights.map((n) => (
        <div key={n.id}>
          <p>
            <strong>{t('roster.cover.shift', { shift: `${formatDay(n.day, locale)} ${shiftLabel(n.shiftType)}` })}</strong>
          </p>
          {open === n.id ? (
            <Candidates staffId={staffId} night={n} />
          ) : (
            <button type="button" class="btn primary" onClick={() => setOpen(n.id)}>
              {t('roster.cover.find')}
            </button>
          )}
        </div>
      ))}
    </section>
  );
}

type Candidate = CoverCandidatesQuery['coverCandidates'][number];

function Candidates({ staffId, night }: { staffId: string; night: RosterAssignmentFragment }) {
  const { t } = useI18n();
  const [{ data, error }] = useQuery({ query: CoverCandidatesDocument, variables: { shiftAssignmentId: night.id }, requestPolicy: 'network-only' });
  const [sent, setSent] = useState<string | null>(null);
  if (error && !data) {
    return (
      <p class="error" role="alert">
        {error.graphQLErrors[0]?.message ?? error.message}
      </p>
    );
  }
  if (!data) return <p class="muted small">{t('roster.cover.loading')}</p>;
  const all = data.coverCandidates;
  const available = all.filter((c) => c.available);
  const excluded = all.filter((c) => !c.available);
  if (sent) {
    return (
      <p class="ok" role="status">
        {sent}
      </p>
    );
  }
  return (
    <div>
      {all.length === 0 && <p class="muted">{t('roster.cover.none')}</p>}
      {all.length > 0 && available.length === 0 && <p class="muted">{t('roster.cover.noneAvailable')}</p>}
      <ul class="list">
        {available.map((c) => (
          <AvailableColleague key={c.colleague.id} staffId={staffId} night={night} candidate={c} onSent={setSent} />
        ))}
      </ul>
      {excluded.length > 0 && (
        <details>
          <summary>
            {t('roster.cover.excluded')} ({excluded.length})
          </summary>
          <ul class="list">
            {excluded.map((c) => (
              <li key={c.colleague.id}>
                <strong>
                  {c.colleague.name} ({c.colleague.employeeNo})
                </strong>
                <RuleList violations={c.reasons} label={t('roster.cover.reasons', { name: c.colleague.name })} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function AvailableColleague({
  staffId,
  night,
  candidate: c,
  onSent,
}: {
  staffId: string;
  night: RosterAssignmentFragment;
  candidate: Candidate;
  onSent: (notice: string) => void;
}) {
  const { t, locale } = useI18n();
  const [payBack, setPayBack] = useState(c.payBackShifts[0]?.id ?? '');
  const chosen = c.payBackShifts.find((s) => s.id === payBack);
  const selectId = `cover-payback-${c.colleague.id}`;

  async function ask() {
    if (!chosen) return;
    await queueRosterChange(staffId, {
      type: 'requestShiftSwap',
      requesterShiftId: night.id,
      colleagueId: c.colleague.id,
      colleagueShiftId: chosen.id,
      reason: t('roster.cover.reason'),
      summary: `${c.colleague.name} · ${formatDay(night.day, locale)} ⇄ ${formatDay(chosen.day, locale)}`,
      occurredAt: new Date().toISOString(),
    });
    onSent(isOnline() ? t('roster.cover.sent', { name: c.colleague.name }) : t('roster.swap.queued'));
  }

  return (
    <li>
      <strong>
        {c.colleague.name} ({c.colleague.employeeNo})
      </strong>
      <label for={selectId}>{t('roster.cover.payBack', { name: c.colleague.name })}</label>
      <select id={selectId} value={payBack} onChange={(e) => setPayBack(e.currentTarget.value)}>
        {c.payBackShifts.map((s) => (
          <option key={s.id} value={s.id}>
            {formatDay(s.day, locale)} {shiftLabel(s.shiftType)}
          </option>
        ))}
      </select>
      <div class="actions">
        <button type="button" class="btn primary" disabled={!chosen} onClick={() => void ask()}>
          {t('roster.cover.ask', { name: c.colleague.name })}
        </button>
      </div>
    </li>
  );
}
