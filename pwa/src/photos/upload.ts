// Uploading photos: a GraphQL multipart request per photo (the same bytes again return the
// first photo, so a retry is safe), giving the Photo id that a write then attaches. Used by
// the outbox senders of every feature that attaches photos.
import { stringifyDocument } from '@urql/core';
import { authedFetch } from '../graphql/client';
import { serverErrors } from '../graphql/errors';
import { GRAPHQL_URL } from '../graphql/transport';
import { refusalOrRetry } from '../outbox/outcome';
import type { SendOutcome } from '../outbox/types';
import type { PhotoPlace } from './place';
import { UploadPhotoDocument } from './photos.generated';

/** A photo waiting in the outbox: its bytes, when it was taken and, with consent, where. */
export interface PhotoToUpload {
  blob: Blob;
  capturedAt: string | null;
  place?: PhotoPlace | null;
}

export type Upload = { kind: 'ok'; photoId: string } | { kind: 'fail'; outcome: SendOutcome };
export type Uploads = { kind: 'ok'; photoIds: string[] } | { kind: 'fail'; outcome: SendOutcome };


/** The GraphQL multipart request body for uploadPhoto, with its Content-Type (boundary included). */
export async function uploadBody(photo: Blob, capturedAt: string | null, place: PhotoPlace | null = null): Promise<{ body: Blob; contentType: string }> {
  const form = new FormData();
  // A place is only ever captured with the person's consent (see place.ts), and says so.
  const input = place ? { file: null, capturedAt, location: { ...place, consent: true } } : { file: null, capturedAt };
  form.append('operations', JSON.stringify({ query: stringifyDocument(UploadPhotoDocument), variables: { input } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', photo, photo.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  // Let the platform write the multipart body and its boundary, then send it through the
  // app's fetch (bearer token, language, one refresh of a stale token).
  const req = new Request('http://local/', { method: 'POST', body: form });
  return { body: await req.blob(), contentType: req.headers.get('Content-Type') ?? 'multipart/form-data' };
}

/** Uploads one photo and returns its Photo id, or how the outbox should treat the failure. */
export async function uploadPhoto(
  photo: Blob,
  capturedAt: string | null,
  fetchImpl: typeof fetch = authedFetch,
  place: PhotoPlace | null = null,
): Promise<Upload> {
  const { body, contentType } = await uploadBody(photo, capturedAt, place);
  let json: { data?: { uploadPhoto?: { photo?: { id?: string } } } | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    const res = await fetchImpl(GRAPHQL_URL, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    if (res.status === 413) return { kind: 'fail', outcome: { kind: 'refused', error: { code: 'PHOTO_TOO_LARGE', message: 'HTTP 413' } } };
    json = await res.json();
  } catch {
    return { kind: 'fail', outcome: { kind: 'retry' } };
  }
  const id = json.data?.uploadPhoto?.photo?.id;
  if (json.errors?.length || !id) return { kind: 'fail', outcome: refusalOrRetry(serverErrors(json.errors)[0]) };
  return { kind: 'ok', photoId: id };
}

/** Uploads photos one after another and returns their ids in order; stops at the first failure. */
export async function uploadPhotos(photos: readonly PhotoToUpload[], fetchImpl: typeof fetch = authedFetch): Promise<Uploads> {
  const photoIds: string[] = [];
  for (const p of photos) {
    const up = await uploadPhoto(p.blob, p.capturedAt, fetchImpl, p.place ?? null);
    if (up.kind === 'fail') return up;
    photoIds.push(up.photoId);
  }
  return { kind: 'ok', photoIds };
}
