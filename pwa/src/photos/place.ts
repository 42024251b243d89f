// Where a photo was taken: recorded only when the person switched it on (on this phone,
// for themself) and the phone gives a position within a few seconds; never required, so a
// refused permission, no signal or a timeout simply leaves the photo without a place.
import { getSession } from '../session/session';

/** A position as the phone gave it, sent with the person's consent. */
export interface PhotoPlace {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}

const key = (staffId: string) => `cs.photoPlace.${staffId}`;

/** Whether this person agreed to record where their photos are taken. */
export function photoPlaceConsent(staffId: string): boolean {
  try {
    return localStorage.getItem(key(staffId)) === 'on';
  } catch {
    return false;
  }
}

/** Records the person's answer; switching it off stops recording at once. */
export function setPhotoPlaceConsent(staffId: string, on: boolean): void {
  try {
    if (on) localStorage.setItem(key(staffId), 'on');
    else localStorage.removeItem(key(staffId));
  } catch {
    // Private mode without storage: nothing is recorded, which is the safe side.
  }
}

function signedIn(): string | null {
  const s = getSession();
  return s.status === 'signedIn' ? s.staff.id : null;
}

/** The phone's position now, when the person (the signed-in one by default) consented; null otherwise. */
export function currentPlace(
  staffId: string | null = signedIn(),
  geo: Geolocation | undefined = globalThis.navigator?.geolocation,
): Promise<PhotoPlace | null> {
  if (!staffId || !photoPlaceConsent(staffId) || !geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    geo.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyMeters: Math.max(p.coords.accuracy, 0.1) }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 5000, maximumAge: 60_000 },
    );
  });
}
