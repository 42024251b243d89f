// Waybill numbers in the UPU S10 form: 2 letters, 8 digits, a check digit, 2 letters
// (e.g. EE123456785CN). The server validates too; this catches typos on the phone.

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const S10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** The S10 check digit for 8 serial digits: 11 - (weighted sum mod 11), with 10→0 and 11→5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error('serial must be 8 digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

export type WaybillCheck =
  | { ok: true; number: string }
  | { ok: false; reason: 'format' | 'checkDigit' };

/** Normalises (trims, upper-cases, drops spaces and dashes) and validates a waybill number. */
export function checkWaybill(input: string): WaybillCheck {
  const number = input.toUpperCase().replace(/[\s-]/g, '');
  const m = S10.exec(number);
  if (!m) return { ok: false, reason: 'format' };
  if (s10CheckDigit(m[2]!) !== Number(m[3])) return { ok: false, reason: 'checkDigit' };
  return { ok: true, number };
}
