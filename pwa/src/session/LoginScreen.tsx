import { useState } from 'preact/hooks';
import { GraphQLRequestError, NetworkError } from '../graphql/errors';
import { locales, setLocale, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { login, type SignedOutReason } from './session';

const reasonText: Record<SignedOutReason, MessageKey | null> = {
  none: null,
  expired: 'login.expired',
  reused: 'login.reused',
  loggedOut: 'login.loggedOut',
};

const codeText: Record<string, MessageKey> = {
  INVALID_CREDENTIALS: 'login.invalidCredentials',
  ACCOUNT_LOCKED: 'login.locked',
  THROTTLED: 'login.busy',
};

export function LoginScreen({ reason }: { reason: SignedOutReason }) {
  const { t, locale } = useI18n();
  const [employeeNo, setEmployeeNo] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; code?: string } | null>(null);
  const notice = reasonText[reason];

  async function submit(e: Event) {
    e.preventDefault();
    if (!employeeNo.trim() || !password) {
      setError({ text: t('login.required') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(employeeNo.trim(), password);
    } catch (err) {
      if (err instanceof GraphQLRequestError) {
        const { code, message } = err.first;
        // The server's message is already in the UI language and may say more (e.g. how long
        // to wait before trying again); our own text is the fallback.
        const known = codeText[code];
        setError({ text: message || (known ? t(known) : t('login.failed')), code });
      } else if (err instanceof NetworkError) {
        setError({ text: t('login.offline') });
      } else {
        setError({ text: t('login.failed') });
      }
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <div class="login-lang" role="group" aria-label={t('me.language')}>
        {locales.map((l) => (
          <button
            key={l}
            type="button"
            class={l === locale ? 'chip on' : 'chip'}
            aria-pressed={l === locale}
            lang={l}
            onClick={() => setLocale(l)}
          >
            {l === 'zh-CN' ? '中文' : 'English'}
          </button>
        ))}
      </div>
      <h1>{t('appName')}</h1>
      <p class="muted">{t('login.subtitle')}</p>
      {notice && !error && (
        <p class="notice" role="status">
          {t(notice)}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label for="employeeNo">{t('login.employeeNo')}</label>
        <input
          id="employeeNo"
          name="username"
          autocomplete="username"
          autocapitalize="characters"
          inputMode="text"
          value={employeeNo}
          onInput={(e) => setEmployeeNo(e.currentTarget.value)}
          required
        />
        <label for="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
        {error && (
          <p class="error" role="alert">
            {error.text}
            {error.code && <span class="code"> ({error.code})</span>}
          </p>
        )}
        <button type="submit" class="btn primary block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p class="muted small">
        <a href="/track">{t('login.trackLink')}</a>
      </p>
    </main>
  );
}
