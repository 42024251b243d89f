// This phone's Web Push subscription: made with the server's VAPID key (pushPublicKey),
// renewed when the server rotated its key, and handed to the server (subscribePush).
// The service worker's push and notificationclick handlers are in public/push-sw.js.

export function pushSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window;
}

/** base64url (padding optional) → bytes. */
export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** bytes → base64url without padding. */
export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let bin = '';
  for (const b of u) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.ready;
  return reg.pushManager.getSubscription();
}

/** The server key a subscription was made with, base64url. */
export function subscriptionKey(sub: PushSubscription): string {
  const key = sub.options.applicationServerKey;
  return key ? toBase64Url(key) : '';
}

export interface DeviceKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
  applicationServerKey: string;
}

/**
 * Asks for permission and subscribes this phone with the server's key, replacing a
 * subscription made with a key the server has rotated out. Throws 'denied' when the person
 * refuses notifications.
 */
export async function subscribeThisDevice(publicKey: string): Promise<DeviceKeys> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('denied');
  const reg = await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  if (sub && subscriptionKey(sub) !== publicKey) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(publicKey) });
  const keys = sub.toJSON().keys ?? {};
  return { endpoint: sub.endpoint, p256dh: keys.p256dh ?? '', auth: keys.auth ?? '', applicationServerKey: publicKey };
}
