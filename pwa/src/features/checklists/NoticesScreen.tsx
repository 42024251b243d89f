// Notices (rate changes, route changes, company announcements) with read receipts: reading
// one is recorded on the server, which also satisfies the pre-shift item "read the latest
// notices". Supervisors publish to their depot here.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isChecklistChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useI18n } from '../../i18n/i18n';
import { isOnline } from '../../app/network';
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/i18n';
import type { NoticeKind } from '../../graphql/schema-types';
import type { StaffSummary } from '../../session/session';
import { CkDepotDocument, LatestNoticesDocument, type CkNoticeFragment } from './checklists.generated';
import { QueuedState, nowIso, queueCk, useCk, useCkOutbox } from './shared';

const kinds: readonly NoticeKind[] = ['ANNOUNCEMENT', 'RATE_CHANGE', 'ROUTE_CHANGE'];

export function NoticesScreen({ staff }: { staff: StaffSummary }) {
  const { c, locale } = useCk();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: LatestNoticesDocument, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const queued = useCkOutbox(staff.id);
  const notices = data?.latestNotices ?? [];
  const readQueued = new Set(queued.filter((i) => i.change.type === 'markNoticeRead' && i.state === 'pending').map((i) => (i.change.type === 'markNoticeRead' ? i.change.noticeId : '')));
  const unread = notices.filter((n) => !n.readAt && !readQueued.has(n.id)).length;
  const supervisor = staff.roles.includes('SUPERVISOR') || staff.roles.includes('MANAGER') || staff.roles.includes('ADMIN');
  return (
    <div class="stack ck">
      {fetching && !data && <p class="muted">{c('loading')}</p>}
      {error && !data && <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      {data && notices.length === 0 && (
        <section class="card empty">
          <h2>{c('notices.empty')}</h2>
        </section>
      )}
      {unread > 0 && <p class="muted" role="status">{c('notices.unreadCount', { count: unread })}</p>}
      {notices.map((n) => {
        const titleId = `notice-${n.id}`;
        const mine = queued.filter((i) => i.change.type === 'markNoticeRead' && i.change.noticeId === n.id);
        const isRead = !!n.readAt || readQueued.has(n.id);
        return (
          <article key={n.id} class={`card ck-notice${isRead ? '' : ' unread'}`} aria-labelledby={titleId}>
            <div class="row">
              <span class="tag">{c(`notices.kind.${n.kind}`)}</span>
              {!isRead && <span class="tag pending">{c('notices.unread')}</span>}
            </div>
            <h2 id={titleId}>{n.title}</h2>
            <p class="muted small">
              {c('notices.by', { who: n.publishedBy.name, time: formatDateTime(n.publishedAt, locale), scope: n.depot?.name ?? c('notices.everyone') })}
            </p>
            <p class="body">{n.body}</p>
            {n.readAt ? (
              <p class="small ok">{c('notices.read', { time: formatDateTime(n.readAt, locale) })}</p>
            ) : (
              !readQueued.has(n.id) && (
                <button
                  type="button"
                  class="btn primary block"
                  aria-label={c('notices.markReadLabel', { title: n.title })}
                  onClick={() => void queueCk(staff.id, { type: 'markNoticeRead', noticeId: n.id, summary: n.title, occurredAt: nowIso() })}
                >
                  {c('notices.markRead')}
                </button>
              )
            )}
            <QueuedState items={mine} />
            {n.readReceipts && <Receipts staff={staff} notice={{ id: n.id, title: n.title, readReceipts: n.readReceipts }} />}
          </article>
        );
      })}
      {supervisor && <PublishForm staff={staff} />}
    </div>
  );
}

type Receipt = NonNullable<CkNoticeFragment['readReceipts']>[number];

/** Who has and has not read a notice, for those who oversee them, with a reminder to the unread. */
function Receipts({ staff, notice }: { staff: StaffSummary; notice: { id: string; title: string; readReceipts: readonly Receipt[] } }) {
  const { c, locale } = useCk();
  const queued = useCkOutbox(staff.id).filter((i) => i.change.type === 'remindUnreadNotice' && i.change.noticeId === notice.id);
  const unread = notice.readReceipts.filter((r) => !r.readAt);
  const read = notice.readReceipts.filter((r) => r.readAt);
  const toRemind = unread.filter((r) => r.staff.id !== staff.id).length;
  const headingId = `receipts-${notice.id}`;
  return (
    <details class="ck-receipts">
      <summary id={headingId}>{c('notices.receipts', { read: read.length, total: notice.readReceipts.length })}</summary>
      {unread.length > 0 && (
        <section aria-label={c('notices.receiptsUnread')}>
          <h3 class="small">{c('notices.receiptsUnread')}</h3>
          <ul>
            {unread.map((r) => (
              <li key={r.staff.id}>
                {r.remindedAt
                  ? c('notices.receiptReminded', { name: r.staff.name, time: formatDateTime(r.remindedAt, locale) })
                  : r.staff.name}
              </li>
            ))}
          </ul>
        </section>
      )}
      {read.length > 0 && (
        <section aria-label={c('notices.receiptsRead')}>
          <h3 class="small">{c('notices.receiptsRead')}</h3>
          <ul>
            {read.map((r) => (
              <li key={r.staff.id}>{c('notices.receiptReadAt', { name: r.staff.name, time: formatDateTime(r.readAt ?? '', locale) })}</li>
            ))}
          </ul>
        </section>
      )}
      {toRemind > 0 &&
        !queued.some((i) => i.state === 'pending') && (
          <button
            type="button"
            class="btn block"
            aria-label={c('notices.remindLabel', { count: toRemind, title: notice.title })}
            onClick={() => void queueCk(staff.id, { type: 'remindUnreadNotice', noticeId: notice.id, summary: notice.title, occurredAt: nowIso() })}
          >
            {c('notices.remind', { count: toRemind })}
          </button>
        )}
      {unread.length === 0 && <p class="small ok">{c('notices.allRead')}</p>}
      <QueuedState items={queued} />
    </details>
  );
}

function PublishForm({ staff }: { staff: StaffSummary }) {
  const { c } = useCk();
  const { locale } = useI18n();
  const [{ data }] = useQuery({ query: CkDepotDocument });
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<NoticeKind>('ANNOUNCEMENT');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  // The key of the notice last sent: while it waits in the outbox it "publishes when
  // online"; once it has left the queue (not refused) it is published.
  const [sent, setSent] = useState<string | null>(null);
  const refused = useCkOutbox(staff.id).filter((i) => i.change.type === 'publishNotice');
  const queued = sent ? refused.find((i) => i.key === sent) : undefined;
  const depotId = data?.me.depot?.id ?? null;
  if (!depotId) return null;
  async function publish(e: Event) {
    e.preventDefault();
    if (!title.trim() || !body.trim()) return;
    const item = await queueCk(staff.id, { type: 'publishNotice', kind, title: title.trim(), body: body.trim(), depotId, summary: title.trim(), occurredAt: nowIso() });
    setTitle('');
    setBody('');
    setSent(item.key);
  }
  return (
    <section class="card" aria-labelledby="publish-notice">
      <h2 id="publish-notice">{c('notices.publish')}</h2>
      {!open ? (
        <button type="button" class="btn block" onClick={() => setOpen(true)}>
          {c('notices.publish')}
        </button>
      ) : (
        <form onSubmit={(e) => void publish(e)}>
          <label for="notice-kind">{c('notices.publishKind')}</label>
          <select id="notice-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as NoticeKind)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {c(`notices.kind.${k}`)}
              </option>
            ))}
          </select>
          <label for="notice-title">{c('notices.publishTitle')}</label>
          <input id="notice-title" required maxLength={200} value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
          <label for="notice-body">{c('notices.publishBody')}</label>
          <textarea id="notice-body" required rows={4} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit" class="btn primary block">
            {c('notices.publishSend')}
          </button>
        </form>
      )}
      {sent && (!queued || queued.state === 'pending') && (
        <p class="small muted" role="status">
          {!queued ? (locale === 'en' ? 'Published.' : '已发布。') : isOnline() ? (locale === 'en' ? 'Publishing…' : '正在发布…') : c('notices.published')}
        </p>
      )}
      <QueuedState items={refused.filter((i) => i.state === 'refused')} />
    </section>
  );
}
