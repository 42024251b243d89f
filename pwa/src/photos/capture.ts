// Photos as the app takes them: from the camera (or the gallery), shrunk on the phone, with
// the moment they were taken. A captured photo is a plain Blob, so a queued write can keep
// it in the outbox until it is uploaded.
import { resizePhoto, type ResizedPhoto } from '../camera/resize';

/** A photo ready to upload: the resized JPEG and when it was taken (RFC 3339). */
export interface CapturedPhoto extends ResizedPhoto {
  capturedAt: string;
}

/** Shrinks a photo picked from a file input and stamps it with the time it was taken. */
export async function capturePhoto(file: Blob): Promise<CapturedPhoto> {
  const resized = await resizePhoto(file);
  return { ...resized, capturedAt: new Date().toISOString() };
}
