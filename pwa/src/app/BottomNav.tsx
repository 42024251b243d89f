import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Icon, type IconName } from './icons';
import { linkTo } from './router';

export interface Tab {
  path: string;
  label: MessageKey;
  icon: IconName;
}

export function tabsFor(roles: readonly string[]): Tab[] {
  const approver = roles.includes('SUPERVISOR') || roles.includes('MANAGER');
  return [
    { path: '/today', label: 'nav.today', icon: 'today' },
    { path: '/orders', label: 'nav.orders', icon: 'orders' },
    { path: '/tickets', label: 'nav.tickets', icon: 'tickets' },
    { path: '/roster', label: 'nav.roster', icon: 'roster' },
    ...(approver ? [{ path: '/approvals', label: 'nav.approvals', icon: 'approvals' } as Tab] : []),
    { path: '/me', label: 'nav.me', icon: 'me' },
  ];
}

export function BottomNav({ tabs, active, badges = {} }: { tabs: Tab[]; active: string; badges?: Record<string, number> }) {
  const { t } = useI18n();
  return (
    <nav class="bottom-nav" aria-label={t('nav.label')}>
      {tabs.map((tab) => {
        const current = active === tab.path;
        const count = badges[tab.path] ?? 0;
        return (
          <a
            key={tab.path}
            href={tab.path}
            class={current ? 'tab current' : 'tab'}
            aria-current={current ? 'page' : undefined}
            onClick={linkTo(tab.path)}
          >
            <Icon name={tab.icon} />
            <span>{t(tab.label)}</span>
            {count > 0 && (
              <span class="tab-badge" aria-label={t('counts.badge', { count })}>
                {count > 99 ? '99+' : count}
              </span>
            )}
          </a>
        );
      })}
    </nav>
  );
}
