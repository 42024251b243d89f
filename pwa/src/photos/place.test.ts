import { afterEach, describe, expect, it } from 'vitest';
import { currentPlace, photoPlaceConsent, setPhotoPlaceConsent } from './place';
import { uploadBody } from './upload';

/** A phone's positioning that answers with pos (or fails), counting the questions. */
function phone(pos: { latitude: number; longitude: number; accuracy: number } | null) {
  const asked = { n: 0 };
  const geo = {
    getCurrentPosition: (ok: PositionCallback, fail?: PositionErrorCallback | null) => {
      asked.n++;
      if (pos) ok({ coords: pos } as GeolocationPosition);
      else fail?.({ code: 1, message: 'denied' } as GeolocationPositionError);
    },
  } as unknown as Geolocation;
  return { geo, asked };
}

describe('where a photo was taken', () => {
  afterEach(() => localStorage.clear());

  it('is not even asked of the phone until the person consents', async () => {
    const p = phone({ latitude: 31.2, longitude: 121.6, accuracy: 15 });
    expect(photoPlaceConsent('s-1')).toBe(false);
    expect(await currentPlace('s-1', p.geo)).toBeNull();
    expect(await currentPlace(null, p.geo)).toBeNull();
    expect(p.asked.n).toBe(0);
  });

  it('is recorded with its accuracy once consented, for that person only, and stops when withdrawn', async () => {
    const p = phone({ latitude: 31.2, longitude: 121.6, accuracy: 15 });
    setPhotoPlaceConsent('s-1', true);
    expect(await currentPlace('s-1', p.geo)).toEqual({ latitude: 31.2, longitude: 121.6, accuracyMeters: 15 });
    expect(await currentPlace('s-2', p.geo)).toBeNull();
    setPhotoPlaceConsent('s-1', false);
    expect(await currentPlace('s-1', p.geo)).toBeNull();
    expect(p.asked.n).toBe(1);
  });

  it('is simply left out when the phone refuses or has no positioning', async () => {
    setPhotoPlaceConsent('s-1', true);
    expect(await currentPlace('s-1', phone(null).geo)).toBeNull();
    expect(await currentPlace('s-1', undefined)).toBeNull();
  });

  it('travels with the upload marked as consented, and not at all without a place', async () => {
    const photo = new Blob(['jpegbytes'], { type: 'image/jpeg' });
    const withPlace = await (await uploadBody(photo, null, { latitude: 31.2, longitude: 121.6, accuracyMeters: 15 })).body.text();
    expect(withPlace).toContain('"location":{"latitude":31.2,"longitude":121.6,"accuracyMeters":15,"consent":true}');
    const without = await (await uploadBody(photo, null)).body.text();
    expect(without).not.toContain('location');
  });
});
