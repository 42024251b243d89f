import { useQuery } from '@urql/preact';
import { lazy, Suspense } from 'preact/compat';
import { useState } from 'preact/hooks';
import { locales, setLocale, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useTheme, type ThemeChoice } from '../../app/theme';
import { OutboxPanel } from '../../outbox/OutboxPanel';
import { outbox } from '../../outbox/sync';
import { clearCache } from '../../graphql/client';
import { logout, type StaffSummary } from '../../session/session';
import { usePhrasesI18n } from '../../i18n/phrases';
import { usePushI18n } from '../../i18n/push-settings';
import { photoPlaceConsent, setPhotoPlaceConsent } from '../../photos/place';
import { MeDocument } from './me.generated';

const PushSettings = lazy(() => import('./PushSettings').then((m) => ({ default: m.PushSettings })));
const PhrasesAdmin = lazy(() => import('../phrases/PhrasesAdmin').then((m) => ({ default: m.PhrasesAdmin })));

const themes: ThemeChoice[] = ['system', 'light', 'dark'];

export function MeScreen({ staff }: { staff: StaffSummary }) {
  const { t, locale } = useI18n();
  const [{ data }] = useQuery({ query: MeDocument });
  const [theme, setTheme] = useTheme();
  const me = data?.me;

  async function onLogout() {
    const pending = outbox.list(staff.id).filter((i) => i.state === 'pending').length;
    if (pending > 0 && !window.confirm(t('me.logoutPending', { count: pending }))) return;
    await logout();
    await clearCache();
    // A fresh page drops the in-memory cache too, so the next person sees nothing of this one.
    location.replace('/');
  }

  return (
    <div class="stack">
      <section class="card" aria-labelledby="me-name">
        <h2 id="me-name">{me?.name ?? staff.name}</h2>
        <dl class="facts">
          <dt>{t('me.employeeNo')}</dt>
          <dd>{me?.employeeNo ?? staff.employeeNo}</dd>
          <dt>{t('me.roles')}</dt>
          <dd>{(me?.roles ?? staff.roles).map((r) => t(`role.${r}` as MessageKey)).join('、')}</dd>
          {me && (
            <>
              <dt>{t('me.phone')}</dt>
              <dd>{me.phoneMasked}</dd>
              <dt>{t('me.depot')}</dt>
              <dd>{me.depot.name}</dd>
              <dt>{t('me.superior')}</dt>
              <dd>{me.superior?.name ?? t('me.none')}</dd>
            </>
          )}
        </dl>
      </section>

      <OutboxPanel staffId={staff.id} />

      <Suspense fallback={null}>
        <PushSettings />
      </Suspense>

      <PhotoPlaceSetting staffId={staff.id} />

      {staff.roles.some((r) => r === 'MANAGER' || r === 'ADMIN') && <PhrasesSetting />}

      <section class="card">
        <h2 id="lang-title">{t('me.language')}</h2>
        <div class="segmented" role="radiogroup" aria-labelledby="lang-title">
          {locales.map((l) => (
            <button
              key={l}
              type="button"
              role="radio"
              aria-checked={l === locale}
              lang={l}
              class={l === locale ? 'seg on' : 'seg'}
              onClick={() => setLocale(l)}
            >
              {l === 'zh-CN' ? '中文' : 'English'}
            </button>
          ))}
        </div>
        <h2 id="theme-title">{t('me.theme')}</h2>
        <div class="segmented" role="radiogroup" aria-labelledby="theme-title">
          {themes.map((c) => (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={c === theme}
              class={c === theme ? 'seg on' : 'seg'}
              onClick={() => setTheme(c)}
            >
              {t(`me.theme.${c}`)}
            </button>
          ))}
        </div>
      </section>

      <button type="button" class="btn danger block" onClick={() => void onLogout()}>
        {t('me.logout')}
      </button>
    </div>
  );
}

/** 话术管理 for managers and admins: the maintenance screen loads when opened. */
function PhrasesSetting() {
  const { pt } = usePhrasesI18n();
  const [open, setOpen] = useState(false);
  if (open)
    return (
      <Suspense fallback={<p class="muted">{pt('ph.loading')}</p>}>
        <PhrasesAdmin />
      </Suspense>
    );
  return (
    <section class="card" aria-labelledby="ph-setting-title">
      <h2 id="ph-setting-title">{pt('ph.manage')}</h2>
      <button type="button" class="btn block" onClick={() => setOpen(true)}>
        {pt('ph.manageOpen')}
      </button>
    </section>
  );
}

/** The person's consent to record where their photos are taken (off until they switch it on). */
function PhotoPlaceSetting({ staffId }: { staffId: string }) {
  const { pt } = usePushI18n();
  const [on, setOn] = useState(() => photoPlaceConsent(staffId));
  return (
    <section class="card" aria-labelledby="photo-place-title">
      <h2 id="photo-place-title">{pt('place.title')}</h2>
      <label class="row">
        <input
          type="checkbox"
          checked={on}
          aria-describedby="photo-place-hint"
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).checked;
            setPhotoPlaceConsent(staffId, v);
            setOn(v);
          }}
        />
        {pt('place.consent')}
      </label>
      <p id="photo-place-hint" class="small muted">
        {pt('place.hint')}
      </p>
    </section>
  );
}
