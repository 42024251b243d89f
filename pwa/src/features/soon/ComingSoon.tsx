import { Icon, type IconName } from '../../app/icons';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/** An honest empty state for a tab whose server features do not exist yet. */
export function ComingSoon({ title, icon }: { title: MessageKey; icon: IconName }) {
  const { t } = useI18n();
  return (
    <section class="empty" aria-labelledby="soon-title">
      <div class="empty-icon">
        <Icon name={icon} size={48} />
      </div>
      <h2 id="soon-title">
        {t(title)} · {t('soon.title')}
      </h2>
      <p>{t('soon.body')}</p>
    </section>
  );
}
