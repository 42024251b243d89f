// Photos are shrunk on the phone before upload: patchy networks and mid-range phones.

export const MAX_PHOTO_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** Target size that fits within `max` on the longest side, keeping the aspect ratio; never enlarges. */
export function fitWithin(width: number, height: number, max: number = MAX_PHOTO_SIDE): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new Error('image has no size');
  if (!(max > 0)) throw new Error('max must be positive');
  const longest = Math.max(width, height);
  if (longest <= max) return { width: Math.round(width), height: Math.round(height) };
  const scale = max / longest;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

export interface ResizedPhoto {
  blob: Blob;
  width: number;
  height: number;
  originalBytes: number;
}

/** Decodes a photo (respecting EXIF orientation), scales it down and re-encodes it as JPEG. */
export async function resizePhoto(file: Blob, max = MAX_PHOTO_SIDE, quality = PHOTO_QUALITY): Promise<ResizedPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, max);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/jpeg', quality),
    );
    return { blob, width, height, originalBytes: file.size };
  } finally {
    bitmap.close();
  }
}
