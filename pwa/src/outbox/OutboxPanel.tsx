import { Icon } from '../app/icons';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { describeChange, shownAt } from './registry';
import { Refusal } from './Refusal';
import { syncNow, useOutbox } from './sync';

/** The visible queue of changes not yet on the server ("待同步"). */
export function OutboxPanel({ staffId }: { staffId: string }) {
  const { t, locale } = useI18n();
  const { items, sending } = useOutbox(staffId);
  if (items.length === 0) return null;
  const pending = items.filter((i) => i.state === 'pending').length;
  return (
    <section class="card outbox" aria-labelledby="outbox-title">
      <div class="card-head">
        <h2 id="outbox-title">
          <Icon name="sync" size={20} /> {t('outbox.title')}
        </h2>
        {pending > 0 && (
          <button type="button" class="btn small" onClick={() => void syncNow()}>
            {t('outbox.retry')}
          </button>
        )}
      </div>
      <ul class="list">
        {items.map((item) => (
          <li key={item.key} class={`outbox-item ${item.state}`}>
            <div class="row">
              <strong>{describeChange(item.change, t)}</strong>
              <span class={`tag ${item.state}`}>
                {item.state === 'refused'
                  ? t('outbox.refused')
                  : sending === item.key
                    ? t('outbox.sending')
                    : t('outbox.pending')}
              </span>
            </div>
            <div class="muted small">
              {t('outbox.deviceTime', { time: formatDateTime(shownAt(item), locale) })}
            </div>
            <Refusal item={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}
