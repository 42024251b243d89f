import { render } from 'preact';
import { App } from './app/App';
import { applyTheme, readTheme } from './app/theme';
import { registerServiceWorker } from './app/update';
import { getLocale } from './i18n/i18n';
import './app/changeKinds';
import { startSync } from './outbox/sync';
import { restore } from './session/session';
import './app/app.css';

document.documentElement.lang = getLocale();
applyTheme(readTheme());
void restore();
startSync();
render(<App />, document.getElementById('app')!);

// The service worker is not needed for the first paint; register it once the page has loaded.
if (document.readyState === 'complete') void registerServiceWorker();
else window.addEventListener('load', () => void registerServiceWorker(), { once: true });
