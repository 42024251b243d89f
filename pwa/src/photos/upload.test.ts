import { describe, expect, it } from 'vitest';
import { uploadBody, uploadPhoto, uploadPhotos } from './upload';

describe('photo upload', () => {
  it('is a GraphQL multipart request with operations, map and the file', async () => {
    const { body, contentType } = await uploadBody(new Blob(['jpegbytes'], { type: 'image/jpeg' }), '2099-10-01T00:00:00Z');
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const text = await body.text();
    expect(text).toContain('name="operations"');
    expect(text).toContain('"variables":{"input":{"file":null,"capturedAt":"2099-10-01T00:00:00Z"}}');
    expect(text).toContain('{"0":["variables.input.file"]}');
    expect(text).toMatch(/name="0"; filename="[^"]+"\r\nContent-Type: image\/jpeg/);
    expect(text).toContain('jpegbytes');
  });

  it('returns the photo id, keeps refusals with their code and retries when offline', async () => {
    const photo = new Blob(['x'], { type: 'image/jpeg' });
    const ok = await uploadPhoto(photo, null, async () => new Response(JSON.stringify({ data: { uploadPhoto: { photo: { id: 'p-1' } } } })));
    expect(ok).toEqual({ kind: 'ok', photoId: 'p-1' });
    const refused = await uploadPhoto(photo, null, async () =>
      new Response(JSON.stringify({ data: null, errors: [{ message: '不是图片', extensions: { code: 'PHOTO_NOT_IMAGE' } }] })),
    );
    expect(refused).toEqual({ kind: 'fail', outcome: { kind: 'refused', error: { code: 'PHOTO_NOT_IMAGE', message: '不是图片' } } });
    const offline = await uploadPhoto(photo, null, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(offline).toEqual({ kind: 'fail', outcome: { kind: 'retry' } });
  });

  it('uploads several photos in order and stops at the first failure', async () => {
    const calls: string[] = [];
    let n = 0;
    const fetchImpl = async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(await new Response(init?.body).text());
      n++;
      if (n === 3) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ data: { uploadPhoto: { photo: { id: `p-${n}` } } } }));
    };
    const photo = (text: string) => ({ blob: new Blob([text], { type: 'image/jpeg' }), capturedAt: '2099-10-01T00:00:00Z' });
    expect(await uploadPhotos([photo('first'), photo('second')], fetchImpl)).toEqual({ kind: 'ok', photoIds: ['p-1', 'p-2'] });
    expect(calls[0]).toContain('first');
    expect(calls[1]).toContain('second');
    expect(await uploadPhotos([photo('third'), photo('fourth')], fetchImpl)).toEqual({ kind: 'fail', outcome: { kind: 'retry' } });
    expect(calls).toHaveLength(3);
    expect(await uploadPhotos([], fetchImpl)).toEqual({ kind: 'ok', photoIds: [] });
  });
});
