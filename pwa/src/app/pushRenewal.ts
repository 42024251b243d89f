import { useClient } from '@urql/preact';
import { useEffect } from 'preact/hooks';
import { PushDevicesDocument, SubscribePushDocument } from '../features/me/me.generated';
import { currentSubscription, pushSupported, subscribeThisDevice, subscriptionKey } from './push';

/**
 * Keeps this phone's subscription on the server's current key: after the operator rotated
 * it (`server rotate-push-key`), the app subscribes again the next time it opens online.
 */
export function usePushRenewal(online: boolean): void {
  const client = useClient();
  useEffect(() => {
    if (!online || !pushSupported() || Notification.permission !== 'granted') return;
    void (async () => {
      const sub = await currentSubscription();
      if (!sub) return;
      const res = await client.query(PushDevicesDocument, {}, { requestPolicy: 'network-only' }).toPromise();
      const key = res.data?.pushPublicKey;
      if (!key || subscriptionKey(sub) === key) return;
      const label = res.data?.myPushDevices.find((d) => d.endpoint === sub.endpoint)?.label ?? '';
      const keys = await subscribeThisDevice(key);
      await client.mutation(SubscribePushDocument, { input: { ...keys, label } }).toPromise();
    })().catch(() => undefined);
  }, [online]);
}
