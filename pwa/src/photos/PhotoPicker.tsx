// Taking photos for a write: a camera button, thumbnails of what was taken, each removable.
// The caller owns the list (and queues the blobs with its write); texts come from the
// caller's feature, so this stays free of any feature's translations.
import { useEffect, useRef, useState } from 'preact/hooks';
import { capturePhoto, type CapturedPhoto } from './capture';
import './photos.css';

/** A captured photo with a local link for its thumbnail. */
export type PickedPhoto = CapturedPhoto & { url: string };

export interface PhotoPickerLabels {
  /** The camera button, for example "拍照". */
  take: string;
  /** The remove button of photo n (1-based), for example "删除第 1 张照片". */
  remove: (n: number) => string;
  /** The thumbnail's alternative text for photo n. */
  alt: (n: number) => string;
  /** Shown when a photo could not be read. */
  failed: (message: string) => string;
}

export function PhotoPicker({
  id,
  photos,
  onChange,
  labels,
  max = 9,
}: {
  id: string;
  photos: readonly PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  labels: PhotoPickerLabels;
  max?: number;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onPick(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []).slice(0, max - photos.length);
    input.value = '';
    if (files.length === 0) return;
    setError(null);
    setBusy(true);
    try {
      const taken: PickedPhoto[] = [];
      for (const f of files) {
        const p = await capturePhoto(f);
        taken.push({ ...p, url: URL.createObjectURL(p.blob) });
      }
      onChange([...photos, ...taken]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="photo-picker">
      {photos.length > 0 && (
        <ul class="photo-thumbs">
          {photos.map((p, i) => (
            <li key={p.url}>
              <img src={p.url} alt={labels.alt(i + 1)} width={64} height={64} />
              <button
                type="button"
                class="photo-remove"
                aria-label={labels.remove(i + 1)}
                onClick={() => {
                  URL.revokeObjectURL(p.url);
                  onChange(photos.filter((x) => x !== p));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {photos.length < max && (
        <>
          <label class="btn small" for={id} aria-disabled={busy}>
            {labels.take}
          </label>
          <input id={id} class="visually-hidden" type="file" accept="image/*" capture="environment" multiple aria-label={labels.take} onChange={(e) => void onPick(e)} />
        </>
      )}
      {error && (
        <p class="error small" role="alert">
          {labels.failed(error)}
        </p>
      )}
    </div>
  );
}

/** Frees the thumbnails' local links when the form that took them goes away. */
export function useReleasePhotos(photos: readonly PickedPhoto[]): void {
  const latest = useRef(photos);
  latest.current = photos;
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.url)), []);
}

/** Thumbnails of photos already on the server (a link that works for a few minutes). */
export function PhotoThumbs({
  photos,
  alt,
  place,
}: {
  photos: readonly { id: string; url: string; location?: PlaceShown | null }[];
  alt: (n: number) => string;
  /** How to say where a photo was taken (the server sends it only to those who may see it). */
  place?: (p: PlaceWords) => string;
}) {
  if (photos.length === 0) return null;
  return (
    <ul class="photo-thumbs">
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={p.url} target="_blank" rel="noopener">
            <img src={p.url} alt={alt(i + 1)} width={64} height={64} loading="lazy" />
          </a>
          {p.location && place && <span class="photo-place small">{place(placeWords(p.location))}</span>}
        </li>
      ))}
    </ul>
  );
}

/** Where a photo was taken, as the server shows it. */
export interface PlaceShown {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}

/** A place in words: five decimals (about a metre) and the accuracy in whole metres. */
export interface PlaceWords {
  lat: string;
  lon: string;
  acc: string;
}

export function placeWords(p: PlaceShown): PlaceWords {
  return { lat: p.latitude.toFixed(5), lon: p.longitude.toFixed(5), acc: String(Math.max(1, Math.round(p.accuracyMeters))) };
}
