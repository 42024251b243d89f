// Today's "waiting for you" card: the same counts as the tab badges, each leading to the
// screen where the matter is handled; it updates live and clears when acted on.
import { useCounts } from '../../app/counts';
import { linkTo } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const rows: { key: 'swapsToAnswer' | 'approvalsWaiting' | 'unreadNotices' | 'unreadNotifications' | 'ticketsDueSoon'; label: MessageKey; to: string }[] = [
  { key: 'swapsToAnswer', label: 'counts.swapsToAnswer', to: '/roster' },
  { key: 'approvalsWaiting', label: 'counts.approvalsWaiting', to: '/approvals' },
  { key: 'unreadNotices', label: 'counts.unreadNotices', to: '/notices' },
  { key: 'unreadNotifications', label: 'counts.unreadNotifications', to: '/roster' },
  { key: 'ticketsDueSoon', label: 'counts.ticketsDueSoon', to: '/tickets' },
];

export function Waiting() {
  const { t } = useI18n();
  const counts = useCounts();
  if (!counts) return null;
  const shown = rows.filter((r) => counts[r.key] > 0);
  return (
    <section class="card" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('counts.title')}</h2>
      {shown.length === 0 ? (
        <p class="muted">{t('counts.nothing')}</p>
      ) : (
        <ul class="counts-list">
          {shown.map((r) => (
            <li key={r.key}>
              <a href={r.to} onClick={linkTo(r.to)}>
                <strong>{counts[r.key]}</strong>
                <span>{t(r.label)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
