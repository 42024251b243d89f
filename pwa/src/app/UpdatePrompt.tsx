import { useI18n } from '../i18n/i18n';
import { dismissUpdate, reloadToUpdate, useUpdateState } from './update';

export function UpdatePrompt() {
  const { t } = useI18n();
  const { offlineReady, needRefresh } = useUpdateState();
  if (!offlineReady && !needRefresh) return null;
  return (
    <div class="toast" role="status">
      <span>{needRefresh ? t('sw.needRefresh') : t('sw.offlineReady')}</span>
      {needRefresh && (
        <button type="button" class="btn primary small" onClick={reloadToUpdate}>
          {t('sw.reload')}
        </button>
      )}
      <button type="button" class="btn small" onClick={dismissUpdate}>
        {t('sw.close')}
      </button>
    </div>
  );
}
