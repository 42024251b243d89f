// Web Push in the service worker (imported by the generated one): show what the server
// pushed, in the language the person chose, and open the right screen when it is tapped.
// The payload (decrypted by the browser) is
//   { kind, title: { 'zh-CN', en }, body: { 'zh-CN', en }, url, tag }.
/* eslint-env serviceworker */
const PREFS_CACHE = 'cs-prefs';
const LOCALE_KEY = '/__prefs/locale';

async function preferredLocale() {
  try {
    const cache = await caches.open(PREFS_CACHE);
    const res = await cache.match(LOCALE_KEY);
    const value = res ? (await res.text()).trim() : '';
    if (value === 'en' || value === 'zh-CN') return value;
  } catch {
    // No cache storage: fall back to the phone's language.
  }
  return (self.navigator.language || 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Only a path of this app is opened; anything else opens Today. */
function safePath(url) {
  try {
    const u = new URL(url || '/today', self.location.origin);
    if (u.origin === self.location.origin) return u.pathname + u.search + u.hash;
  } catch {
    // Malformed: Today.
  }
  return '/today';
}

async function showPush(data) {
  const locale = await preferredLocale();
  const pick = (m, fallback) => (m && (m[locale] || m['zh-CN'] || m.en)) || fallback;
  const title = pick(data.title, locale === 'en' ? 'Express CS' : '快递客服');
  await self.registration.showNotification(title, {
    body: pick(data.body, ''),
    tag: data.tag || undefined,
    renotify: Boolean(data.tag),
    lang: locale,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { url: safePath(data.url), kind: data.kind || '' },
  });
}

async function openFromNotification(notification) {
  const path = safePath(notification.data && notification.data.url);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const mine = windows.find((c) => new URL(c.url).origin === self.location.origin);
  if (mine) {
    try {
      await mine.focus();
    } catch {
      // Focus needs a real tap; navigating still works.
    }
    // The app navigates without a reload; a page that does not answer is navigated.
    mine.postMessage({ type: 'cs-open', path });
    return;
  }
  await self.clients.openWindow(path);
}

// A trusted event (from the browser) keeps the worker alive until the work ends; a
// synthetic one (dispatched in a test) has no lifetime to extend.
function extend(event, work) {
  if (event.isTrusted) event.waitUntil(work);
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: { 'zh-CN': event.data ? event.data.text() : '', en: event.data ? event.data.text() : '' } };
  }
  extend(event, showPush(data));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  extend(event, openFromNotification(event.notification));
});
