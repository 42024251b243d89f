import { useI18n } from '../i18n/i18n';
import type { OutboxItem } from './types';
import { outbox } from './sync';

/**
 * A change the server refused: its explanation and code, kept on screen until the person
 * dismisses it (never silently dropped). Features pass their own heading and button text.
 */
export function Refusal({ item, heading, dismissLabel }: { item: OutboxItem; heading?: string; dismissLabel?: string }) {
  const { t } = useI18n();
  if (!item.refusal) return null;
  return (
    <div class="refusal" role="alert">
      {heading && (
        <p>
          <strong>{heading}</strong>
        </p>
      )}
      <p>
        {item.refusal.message} <span class="code">({item.refusal.code})</span>
      </p>
      <button type="button" class="btn small" onClick={() => void outbox.dismiss(item.key)}>
        {dismissLabel ?? t('outbox.dismiss')}
      </button>
    </div>
  );
}
