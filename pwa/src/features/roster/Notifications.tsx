// The latest roster, swap and leave notifications; a swap request leads to the swap list
// where the colleague answers it.
import { useQuery } from '@urql/preact';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import { RosterNotificationsDocument } from './roster.generated';
import { useRosterRefetch } from './shared';
import '../../i18n/roster-screens';

export function Notifications({ staffId, onOpen }: { staffId: string; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const [{ data }, reexecute] = useQuery({ query: RosterNotificationsDocument });
  useRosterRefetch(staffId, () => reexecute({ requestPolicy: 'network-only' }));
  const items = (data?.myRosterNotifications ?? []).slice(0, 3);
  if (items.length === 0) return null;
  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('roster.notifications')}</h2>
      <ul class="list">
        {items.map((n) => (
          <li key={n.id} class={n.readAt ? '' : 'unread'}>
            <p>{n.message}</p>
            <div class="row">
              <time class="muted small" dateTime={n.createdAt}>
                {formatDateTime(n.createdAt, locale)}
              </time>
              {n.kind === 'SWAP_REQUESTED' && (
                <button type="button" class="btn small" onClick={onOpen}>
                  {t('roster.answerSwap')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
