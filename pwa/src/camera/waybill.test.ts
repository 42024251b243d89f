import { describe, expect, it } from 'vitest';
import { checkWaybill, s10CheckDigit } from './waybill';

describe('s10CheckDigit', () => {
  it.each([
    // The UPU S10 worked example: 4 7 3 1 2 4 8 2 → sum 200, 200 % 11 = 2, 11 - 2 = 9.
    ['47312482', 9],
    ['12345678', 5],
    // 6 × 2 = 12, 12 % 11 === 1 → 11 - 1 = 10 → 0
    ['02000000', 0],
    // sum % 11 === 0 → 11 - 0 = 11 → 5
    ['00000000', 5],
    // weights add up to 44, 44 % 11 === 0 → 5
    ['11111111', 5],
  ])('%s → %i', (serial, digit) => {
    expect(s10CheckDigit(serial)).toBe(digit);
  });

  it('refuses anything but 8 digits', () => {
    expect(() => s10CheckDigit('1234567')).toThrow();
    expect(() => s10CheckDigit('1234567A')).toThrow();
  });
});

describe('checkWaybill', () => {
  it('accepts a valid number', () => {
    expect(checkWaybill('RR473124829GB')).toEqual({ ok: true, number: 'RR473124829GB' });
    expect(checkWaybill('EE123456785CN')).toEqual({ ok: true, number: 'EE123456785CN' });
  });
  it('normalises case, spaces and dashes', () => {
    expect(checkWaybill(' ee 1234-5678 5 cn ')).toEqual({ ok: true, number: 'EE123456785CN' });
  });
  it('rejects a wrong check digit', () => {
    expect(checkWaybill('EE123456784CN')).toEqual({ ok: false, reason: 'checkDigit' });
  });
  it('rejects a swapped pair of digits (the typo the check digit is for)', () => {
    expect(checkWaybill('EE213456785CN')).toEqual({ ok: false, reason: 'checkDigit' });
  });
  it.each(['', 'E123456785CN', 'EE12345678CN', 'EE1234567855CN', '12123456785CN', 'EE123456785C1'])(
    'rejects the format of %j',
    (input) => {
      expect(checkWaybill(input)).toEqual({ ok: false, reason: 'format' });
    },
  );
});
