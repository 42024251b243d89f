import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PhotoThumbs } from './PhotoPicker';
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

describe('where a photo was taken, shown', () => {
  afterEach(() => cleanup());

  it('appears under the photo only when the server sent it', () => {
    const photos = [
      { id: 'p-1', url: '/media/photos/p-1', location: { latitude: 31.2035123, longitude: 121.5907, accuracyMeters: 12.4 } },
      { id: 'p-2', url: '/media/photos/p-2', location: null },
    ];
    render(<PhotoThumbs photos={photos} alt={(n) => `照片 ${n}`} place={(w) => `拍摄位置 ${w.lat}, ${w.lon}（±${w.acc} 米）`} />);
    const items = screen.getAllByRole('listitem');
    expect(items[0]!.textContent).toBe('拍摄位置 31.20351, 121.59070（±12 米）');
    expect(items[1]!.textContent).toBe('');
  });
});
