// 我的 → 通知: turn Web Push on for this phone and see or turn off every device that has it.
import { useMutation, useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, useI18n } from '../../i18n/i18n';
import { usePushI18n } from '../../i18n/push-settings';
import { currentSubscription, pushSupported, subscribeThisDevice } from '../../app/push';
import { PushDevicesDocument, SubscribePushDocument, UnsubscribePushDocument } from './me.generated';

export function PushSettings() {
  const { t, locale } = useI18n();
  const { pt } = usePushI18n();
  const [{ data, error }, reexecute] = useQuery({ query: PushDevicesDocument, requestPolicy: 'cache-and-network' });
  const [, subscribe] = useMutation(SubscribePushDocument);
  const [, unsubscribe] = useMutation(UnsubscribePushDocument);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [thisEndpoint, setThisEndpoint] = useState<string | null>(null);
  const supported = pushSupported();
  const denied = supported && Notification.permission === 'denied';

  useEffect(() => {
    void currentSubscription().then((s) => setThisEndpoint(s?.endpoint ?? null));
  }, []);

  async function onEnable() {
    if (!data) return;
    setBusy(true);
    setFailure(null);
    try {
      const keys = await subscribeThisDevice(data.pushPublicKey);
      const res = await subscribe({ input: { ...keys, label } });
      if (res.error) throw new Error(res.error.graphQLErrors[0]?.message ?? res.error.message);
      setThisEndpoint(keys.endpoint);
      reexecute({ requestPolicy: 'network-only' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setFailure(message === 'denied' ? pt('push.denied') : pt('push.failed', { message }));
    } finally {
      setBusy(false);
    }
  }

  async function onRemove(id: string, endpoint: string) {
    const res = await unsubscribe({ input: { deviceId: id } });
    if (res.error) {
      setFailure(pt('push.failed', { message: res.error.graphQLErrors[0]?.message ?? res.error.message }));
      return;
    }
    if (endpoint === thisEndpoint) {
      await (await currentSubscription())?.unsubscribe();
      setThisEndpoint(null);
    }
    reexecute({ requestPolicy: 'network-only' });
  }

  const devices = data?.myPushDevices ?? [];
  const subscribedHere = devices.some((d) => d.endpoint === thisEndpoint);
  return (
    <section class="card push-settings" aria-labelledby="push-title">
      <h2 id="push-title">{pt('push.title')}</h2>
      <p class="muted small">{pt('push.hint')}</p>
      {!supported ? (
        <p class="muted">{pt('push.unsupported')}</p>
      ) : denied ? (
        <p class="error">{pt('push.denied')}</p>
      ) : (
        !subscribedHere && (
          <div class="stack">
            <label class="field">
              <span>{pt('push.label')}</span>
              <input type="text" maxLength={100} value={label} placeholder={pt('push.labelHint')} onInput={(e) => setLabel(e.currentTarget.value)} />
            </label>
            <button type="button" class="btn primary block" disabled={busy || !data} onClick={() => void onEnable()}>
              {busy ? pt('push.enabling') : pt('push.enable')}
            </button>
          </div>
        )
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {error && !data && <p class="error">{t('today.loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
      <h3>{pt('push.devices')}</h3>
      {data && devices.length === 0 && <p class="muted">{pt('push.none')}</p>}
      <ul class="plain-list">
        {devices.map((d) => {
          const name = d.label || pt('push.unnamed');
          return (
            <li key={d.id} class="device-row">
              <span>
                <strong>{name}</strong>
                {d.endpoint === thisEndpoint && <span class="tag">{pt('push.thisDevice')}</span>}
                <span class="muted small block">
                  {pt('push.since', { time: formatDateTime(d.createdAt, locale) })}
                  {d.lastDeliveredAt && ` · ${pt('push.lastDelivered', { time: formatDateTime(d.lastDeliveredAt, locale) })}`}
                </span>
              </span>
              <button type="button" class="btn small" aria-label={pt('push.remove', { name })} onClick={() => void onRemove(d.id, d.endpoint)}>
                {pt('push.removeShort')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

