import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { usePushRenewal } from './pushRenewal';
import { TodayScreen } from '../features/today/TodayScreen';
import { useOutbox } from '../outbox/sync';
import type { StaffSummary } from '../session/session';
import { BottomNav, tabsFor } from './BottomNav';
import { Icon } from './icons';
import { tabBadges, useCountsSource, type Counts } from './counts';
import { listenForNotices, NOTICE_EVENT } from './live';
import { useOnline } from './network';
import { linkTo, navigate, usePath } from './router';
import { UpdatePrompt } from './UpdatePrompt';

// The camera code (and its barcode library) loads only when someone opens the scanner.
const ScanScreen = lazy(() => import('../features/scan/ScanScreen').then((m) => ({ default: m.ScanScreen })));
const RosterScreen = lazy(() => import('../features/roster/RosterScreen').then((m) => ({ default: m.RosterScreen })));
const ApprovalsScreen = lazy(() => import('../features/roster/ApprovalsScreen').then((m) => ({ default: m.ApprovalsScreen })));
const TicketsScreen = lazy(() => import('../features/tickets/TicketsScreen').then((m) => ({ default: m.TicketsScreen })));
const ChecklistsScreen = lazy(() => import('../features/checklists/ChecklistsScreen').then((m) => ({ default: m.ChecklistsScreen })));
const MeScreen = lazy(() => import('../features/me/MeScreen').then((m) => ({ default: m.MeScreen })));
const OrdersScreen = lazy(() => import('../features/orders/OrdersScreen').then((m) => ({ default: m.OrdersScreen })));

const titles: Record<string, MessageKey> = {
  '/today': 'nav.today',
  '/orders': 'nav.orders',
  '/tickets': 'nav.tickets',
  '/roster': 'nav.roster',
  '/approvals': 'nav.approvals',
  '/me': 'nav.me',
  '/scan': 'scan.title',
  '/checks': 'ck.nav.checks',
  '/notices': 'ck.nav.notices',
  '/inspect': 'ck.nav.inspect',
};

export function Shell({ staff }: { staff: StaffSummary }) {
  const { t } = useI18n();
  const path = usePath();
  const online = useOnline();
  const tabs = tabsFor(staff.roles);
  // The newest live notification, with where it leads: requests awaiting the person's
  // decision go to Approvals, everything else to their roster.
  const counts = useCountsSource(online, staff.id);
  usePushRenewal(online);
  const [notice, setNotice] = useState<{ message: string; to: string; waits: keyof Counts | null; at: number } | null>(null);
  useEffect(() => {
    if (!online) return;
    const stop = new AbortController();
    listenForNotices((n) => {
      const waits = n.kind.endsWith('_AWAITS_APPROVAL') ? 'approvalsWaiting' : n.kind === 'SWAP_REQUESTED' ? 'swapsToAnswer' : null;
      setNotice({ message: n.message, to: waits === 'approvalsWaiting' ? '/approvals' : '/roster', waits, at: Number.POSITIVE_INFINITY });
      window.dispatchEvent(new CustomEvent(NOTICE_EVENT, { detail: n }));
    }, stop.signal);
    return () => stop.abort();
  }, [online, staff.id]);
  // A banner about something waiting goes once that matter is handled: its count falls
  // below what it was when the banner came (the count arrives just after the notice).
  useEffect(() => {
    if (!notice?.waits || !counts) return;
    const now = counts[notice.waits] as number;
    if (notice.at === Number.POSITIVE_INFINITY) setNotice({ ...notice, at: now });
    else if (now < notice.at) setNotice(null);
  }, [counts, notice]);
  // A tapped push notification opens its screen in this window.
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { type?: string; path?: string } | null;
      if (d?.type === 'cs-open' && typeof d.path === 'string' && d.path.startsWith('/')) navigate(d.path);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, []);
  const tabPath = path.startsWith('/orders/') ? '/orders' : path.startsWith('/tickets/') ? '/tickets' : path;
  const checklists = path === '/checks' || path === '/notices' || (path === '/inspect' && tabs.some((tab) => tab.path === '/approvals'));
  const known = path === '/scan' || checklists || tabs.some((tab) => tab.path === tabPath);
  const { items } = useOutbox(staff.id);
  const pending = items.filter((i) => i.state === 'pending').length;

  useEffect(() => {
    if (!known) navigate('/today', true);
  }, [known]);

  const title = t(titles[tabPath] ?? 'nav.today');
  useEffect(() => {
    document.title = `${title} · ${t('appName')}`;
  }, [title]);

  return (
    <div class="shell">
      <header class="top-bar">
        <h1>{title}</h1>
        {pending > 0 && (
          <a class="badge" href="/today" onClick={linkTo('/today')}>
            <Icon name="sync" size={16} />
            {t('outbox.count', { count: pending })}
          </a>
        )}
        {/* A live notice arrives at any moment: it lies over the top of the screen, under the
            bar, instead of pushing the screen down under the user's finger (no layout shift). */}
        {notice && (
          <div class="banner live" role="status" aria-label={t('live.label')}>
            <a href={notice.to} onClick={(e) => (setNotice(null), linkTo(notice.to)(e))}>
              <Icon name="roster" size={18} /> {notice.message}
            </a>
            <button type="button" class="banner-close" aria-label={t('live.dismiss')} onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
      </header>
      {!online && (
        <div class="banner offline" role="status">
          <Icon name="offline" size={18} /> {t('net.offline')}
        </div>
      )}
      <main class="content" id="main">
        {path === '/me' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}><MeScreen staff={staff} /></Suspense>
        ) : tabPath === '/orders' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}>
            <OrdersScreen path={path} staff={staff} />
          </Suspense>
        ) : tabPath === '/tickets' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}><TicketsScreen path={path} staff={staff} /></Suspense>
        ) : path === '/roster' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}><RosterScreen staff={staff} /></Suspense>
        ) : path === '/approvals' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}><ApprovalsScreen staff={staff} /></Suspense>
        ) : checklists ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}><ChecklistsScreen path={path} staff={staff} /></Suspense>
        ) : path === '/scan' ? (
          <Suspense fallback={<p class="muted">{t('today.loading')}</p>}>
            <ScanScreen />
          </Suspense>
        ) : (
          <TodayScreen staff={staff} />
        )}
      </main>
      <UpdatePrompt />
      <BottomNav tabs={tabs} badges={tabBadges(counts)} active={path === '/inspect' ? '/approvals' : path === '/scan' || checklists ? '/today' : tabPath} />
    </div>
  );
}
