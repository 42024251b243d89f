// The quote form as typed, its checks, its conversion to the server's input, the days
// offered for "needed by", and the intake draft a chosen option starts.
import type { DeliveryService, QuoteInput } from '../../graphql/schema-types';
import { emptyIntake, type FieldErrors, type IntakeForm } from './intake';

export interface QuoteForm {
  originProvince: string;
  originCity: string;
  destProvince: string;
  destCity: string;
  goodsName: string;
  weightKg: string;
  lengthCm: string;
  widthCm: string;
  heightCm: string;
  /** YYYY-MM-DD, or '' for no deadline. */
  neededBy: string;
  fragile: boolean;
  keepUpright: boolean;
  insured: boolean;
  /** In yuan as typed; sent in fen. */
  declaredValue: string;
  receiptReturn: boolean;
  /** Time-slot delivery (定时派送) on the day needed, in the window chosen. */
  timeSlot: boolean;
  /** The delivery window, one of WINDOWS as "HH:MM-HH:MM". */
  window: string;
}

/** The delivery windows a time-slot delivery offers. */
export const WINDOWS = ['09:00-11:00', '11:00-13:00', '14:00-16:00', '16:00-18:00'] as const;

/** The depots' cities: one tap sets the origin. */
export const ORIGINS = [
  { province: '上海市', city: '上海市' },
  { province: '浙江省', city: '杭州市' },
] as const;

export function emptyQuote(): QuoteForm {
  return {
    originProvince: '上海市',
    originCity: '上海市',
    destProvince: '',
    destCity: '',
    goodsName: '',
    weightKg: '',
    lengthCm: '',
    widthCm: '',
    heightCm: '',
    neededBy: '',
    fragile: false,
    keepUpright: false,
    insured: false,
    declaredValue: '',
    receiptReturn: false,
    timeSlot: false,
    window: '14:00-16:00',
  };
}

const positive = (s: string) => s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) > 0;

/** What people expect checked before asking (the server checks again). */
export function checkQuote(f: QuoteForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const k of ['originProvince', 'originCity', 'destProvince', 'destCity', 'goodsName'] as const) {
    if (!f[k].trim()) errors[k] = 'intake.err.required';
  }
  if (!positive(f.weightKg)) errors.weightKg = 'intake.err.positive';
  const dims = [f.lengthCm, f.widthCm, f.heightCm];
  const given = dims.filter((d) => d.trim() !== '');
  if (given.length > 0 && (given.length < 3 || !dims.every(positive))) errors.dimensions = 'quote.err.dimensions';
  if (f.insured && !positive(f.declaredValue)) errors.declaredValue = 'intake.err.insuredValue';
  return errors;
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));

export function toQuoteInput(f: QuoteForm, idempotencyKey: string): QuoteInput {
  return {
    idempotencyKey,
    origin: { province: f.originProvince.trim(), city: f.originCity.trim() },
    destination: { province: f.destProvince.trim(), city: f.destCity.trim() },
    goodsName: f.goodsName.trim(),
    weightKg: Number(f.weightKg),
    lengthCm: num(f.lengthCm),
    widthCm: num(f.widthCm),
    heightCm: num(f.heightCm),
    fragile: f.fragile,
    keepUpright: f.keepUpright,
    insured: f.insured,
    declaredValueFen: f.insured ? Math.round(Number(f.declaredValue) * 100) : null,
    receiptReturn: f.receiptReturn,
    neededBy: f.neededBy || null,
    timeSlot: f.timeSlot,
  };
}

/**
 * The agreed arrival of a time-slot delivery: the end of its window on the day needed, in
 * the phone's zone, as the intake form's required arrival ("YYYY-MM-DDTHH:MM"); '' without
 * a day.
 */
export function agreedArrival(f: QuoteForm): string {
  return f.timeSlot && f.neededBy ? `${f.neededBy}T${f.window.split('-')[1]}` : '';
}

/**
 * What a time-slot delivery costs, as the server charges it: the cheapest quoted service
 * that arrives by the agreed time (each option's price includes the time slot). null when
 * none does.
 */
export function timeSlotChoice<O extends { arrival: string; breakdown: { totalFen: number } }>(options: readonly O[], f: QuoteForm): O | null {
  const agreed = agreedArrival(f);
  if (!agreed) return null;
  const by = new Date(agreed).getTime();
  let best: O | null = null;
  for (const o of options) {
    if (new Date(o.arrival).getTime() <= by && (!best || o.breakdown.totalFen < best.breakdown.totalFen)) best = o;
  }
  return best;
}

/** The next seven days as YYYY-MM-DD in the phone's zone, for "needed by". */
export function nextDays(now: Date = new Date(), n = 7): string[] {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + i);
    out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
  }
  return out;
}

/** What the intake form shows about the quote the order is taken from. */
export interface QuotedTerms {
  quoteId: string;
  totalFen: number;
  arrival: string;
}

/**
 * The intake draft a chosen option starts: both cities, the goods (volume from the
 * dimensions, in m³), the handling and the service, bound to the quote.
 */
export function intakeFromQuote(f: QuoteForm, service: DeliveryService, quoted: QuotedTerms): IntakeForm {
  const form = emptyIntake();
  const dims = [f.lengthCm, f.widthCm, f.heightCm].map(Number);
  const m3 = dims.every((d) => d > 0) ? (dims[0]! * dims[1]! * dims[2]!) / 1e6 : 0;
  form.consignor = { ...form.consignor, province: f.originProvince.trim(), city: f.originCity.trim() };
  form.consignee = { ...form.consignee, province: f.destProvince.trim(), city: f.destCity.trim() };
  form.goods = {
    ...form.goods,
    name: f.goodsName.trim(),
    weightKg: f.weightKg.trim(),
    volumeM3: m3 > 0 ? String(Math.round(m3 * 1e6) / 1e6) : '',
    declaredValue: f.insured ? f.declaredValue.trim() : '',
  };
  form.service = service;
  if (service === 'TIME_SLOT') {
    form.requiredArrivalAt = agreedArrival(f);
    [form.deliveryWindowFrom, form.deliveryWindowTo] = f.window.split('-') as [string, string];
  }
  form.fragile = f.fragile;
  form.keepUpright = f.keepUpright;
  form.receiptReturn = f.receiptReturn;
  form.quote = quoted;
  return form;
}
