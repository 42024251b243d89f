// Photos as the app takes them: from the camera (or the gallery), shrunk on the phone, with
// the moment they were taken. A captured photo is a plain Blob, so a queued write can keep
// it in the outbox until it is uploaded.
import { resizePhoto, type ResizedPhoto } from '../camera/resize';
import { currentPlace, type PhotoPlace } from './place';

/** A photo ready to upload: the resized JPEG, when it was taken (RFC 3339) and, with the
 * person's consent, where. */
export interface CapturedPhoto extends ResizedPhoto {
  capturedAt: string;
  place?: PhotoPlace | null;
}

/** Shrinks a photo picked from a file input and stamps it with the time (and, with consent,
 * the place) it was taken. */
export async function capturePhoto(file: Blob): Promise<CapturedPhoto> {
  const capturedAt = new Date().toISOString();
  const [resized, place] = await Promise.all([resizePhoto(file), currentPlace()]);
  return { ...resized, capturedAt, place };
}
