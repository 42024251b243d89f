// Uploads a photo taken as evidence (a checklist item, a return's quality proof) as a
// GraphQL multipart request. The same bytes uploaded again return the first photo, so an
// outbox retry is safe. A refusal keeps the server's code; a network failure is retried.
import { stringifyDocument } from '@urql/core';
import { authedFetch } from '../graphql/client';
import { isAuthError, isRetryable, serverErrors, type ServerError } from '../graphql/errors';
import { GRAPHQL_URL } from '../graphql/transport';
import type { SendOutcome } from '../outbox/outbox';
import { UploadPhotoDocument } from './photo.generated';

function refusalOrRetry(first: ServerError | undefined): SendOutcome {
  if (!first || isRetryable(first) || isAuthError(first)) return { kind: 'retry' };
  return { kind: 'refused', error: first };
}

/** The GraphQL multipart request body for uploadPhoto, with its Content-Type (boundary included). */
export async function uploadBody(photo: Blob, capturedAt: string | null): Promise<{ body: Blob; contentType: string }> {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({ query: stringifyDocument(UploadPhotoDocument), variables: { input: { file: null, capturedAt } } }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', photo, photo.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  // Let the platform write the multipart body and its boundary, then send it through the
  // app's fetch (bearer token, language, one refresh of a stale token).
  const req = new Request('http://local/', { method: 'POST', body: form });
  return { body: await req.blob(), contentType: req.headers.get('Content-Type') ?? 'multipart/form-data' };
}

type Upload = { kind: 'ok'; photoId: string } | { kind: 'fail'; outcome: SendOutcome };

export async function uploadPhoto(photo: Blob, capturedAt: string | null, fetchImpl: typeof fetch = authedFetch): Promise<Upload> {
  const { body, contentType } = await uploadBody(photo, capturedAt);
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
