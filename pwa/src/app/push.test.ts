import { describe, expect, test } from 'vitest';
import { fromBase64Url, toBase64Url } from './push';

describe('VAPID key encoding', () => {
  test('a base64url key round-trips to the 65 bytes of a P-256 point', () => {
    const key = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';
    const bytes = fromBase64Url(key);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
    expect(toBase64Url(bytes)).toBe(key);
  });
  test('padding is accepted and dropped', () => {
    expect(toBase64Url(fromBase64Url('AQID='))).toBe('AQID');
  });
});
