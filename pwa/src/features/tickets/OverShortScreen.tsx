// The group verifier's queue of over/short-goods reports (多货少货), oldest first, each
// approved or rejected with a comment through the outbox.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isTicketChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { formatDateTime } from '../../i18n/i18n';
import { useTicketsI18n } from '../../i18n/tickets';
import { PhotoThumbs } from '../../photos/PhotoPicker';
import type { StaffSummary } from '../../session/session';
import { Field, QueuedItem, queueTicketChange, useTicketOutbox } from './common';
import { OverShortQueueDocument, type OverShortReportItemFragment } from './tickets.generated';

type Report = OverShortReportItemFragment;

const REPORTERS = ['AGENT', 'SUPERVISOR'];

export function OverShortScreen({ staff }: { staff: StaffSummary }) {
  const { tt } = useTicketsI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: OverShortQueueDocument, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isTicketChange, () => refetch({ requestPolicy: 'network-only' }));
  const reviews = useTicketOutbox(staff.id).filter((i) => i.change.type === 'reviewOverShortGoods');
  const list = data?.overShortQueue;
  const verifier = staff.roles.includes('VERIFIER');
  return (
    <section class="card" aria-labelledby="os-title">
      <h2 id="os-title">{tt('tk.overShort')}</h2>
      <div class="actions" style={{ marginTop: 0 }}>
        {staff.roles.some((r) => REPORTERS.includes(r)) && (
          <a class="btn small" href="/tickets/overshort/new" onClick={linkTo('/tickets/overshort/new')}>
            {tt('tk.osReport')}
          </a>
        )}
        <a class="btn small" href="/tickets/overshort/register" onClick={linkTo('/tickets/overshort/register')}>
          {tt('tk.osRegister')}
        </a>
      </div>
      {reviews.length > 0 && (
        <ul class="list" aria-label={tt('tk.pending')}>
          {reviews.map((i) => (
            <QueuedItem key={i.key} item={i} />
          ))}
        </ul>
      )}
      {fetching && !list && <p class="muted">{tt('tk.loading')}</p>}
      {error && !list && <p class="error" role="alert">{tt('tk.loadError', { message: error.message })}</p>}
      {list && list.length === 0 && <p>{tt('tk.osNone')}</p>}
      {list && list.length > 0 && (
        <ul class="list" aria-label={tt('tk.overShort')}>
          {list.map((r) => (
            <OverShortRow key={r.id} report={r} staff={staff} verifier={verifier} queued={reviews.some((i) => i.change.type === 'reviewOverShortGoods' && i.change.reportId === r.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OverShortRow({ report, staff, verifier, queued }: { report: Report; staff: StaffSummary; verifier: boolean; queued: boolean }) {
  const { tt } = useTicketsI18n();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const review = (decision: 'APPROVE' | 'REJECT') => {
    if (!comment.trim()) return setMissing(true);
    void queueTicketChange(staff.id, {
      type: 'reviewOverShortGoods',
      reportId: report.id,
      expectedVersion: report.version,
      decision,
      comment: comment.trim(),
      label: `${tt('tk.change.reviewOverShortGoods')} · ${tt(decision === 'APPROVE' ? 'tk.approve' : 'tk.reject')} · ${report.goodsName}`,
    });
  };
  const id = `os-${report.id}`;
  return (
    <li>
      <div class="row">
        <strong>{report.goodsName}</strong>
        <span class="tag">{tt(`tk.os.${report.kind}`)}</span>
      </div>
      <OverShortFacts report={report} />
      {verifier && !queued && (
        <div>
          <Field id={id} label={tt('tk.osComment')} error={missing ? tt('tk.osCommentRequired') : null}>
            <input id={id} value={comment} aria-invalid={missing} onInput={(e) => (setComment(e.currentTarget.value), setMissing(false))} />
          </Field>
          <div class="actions">
            <button type="button" class="btn danger" onClick={() => review('REJECT')}>
              {tt('tk.reject')}
            </button>
            <button type="button" class="btn primary" onClick={() => review('APPROVE')}>
              {tt('tk.approve')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

/** What a report says: depot, responsible branch, counter, clearing date, waybill, reporter, photos. */
export function OverShortFacts({ report }: { report: Report }) {
  const { tt, locale } = useTicketsI18n();
  return (
    <>
      <dl class="facts small">
        <dt>{tt('tk.depot')}</dt>
        <dd>{report.depot.name}</dd>
        <dt>{tt('tk.osBranch')}</dt>
        <dd>{report.responsibleBranch.name}</dd>
        <dt>{tt('tk.osCounter')}</dt>
        <dd>{report.counter}</dd>
        <dt>{tt('tk.osClearing')}</dt>
        <dd>{report.clearingDate}</dd>
        <dt>{tt('tk.osWitnesses')}</dt>
        <dd>{report.witnesses.length ? report.witnesses.map((w) => (w.staff ? `${w.name}（${w.staff.employeeNo}）` : w.name)).join('、') : tt('tk.osWitnessesNone')}</dd>
        {report.waybillNo && (
          <>
            <dt>{tt('tk.waybill')}</dt>
            <dd class="code">{report.waybillNo}</dd>
          </>
        )}
        <dt>{tt('tk.osReporter')}</dt>
        <dd>
          {report.reportedBy.name} · {formatDateTime(report.createdAt, locale)}
        </dd>
      </dl>
      {report.description && <p class="small">{report.description}</p>}
      <PhotoThumbs photos={report.photos} alt={(n) => tt('tk.osPhotoAlt', { goods: report.goodsName, n })} place={(w) => tt('tk.photoPlace', { ...w })} />
    </>
  );
}
