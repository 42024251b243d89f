// The intake form's data as typed, its checks (the ones people expect before sending; the
// server checks again) and its conversion to the server's input.
import type { DeliveryService } from '../../graphql/schema-types';
import type { MessageKey } from '../../i18n/messages';
import type { IntakeFields } from './changes';
import type { QuotedTerms } from './quote';

export interface ContactForm {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

export interface GoodsForm {
  name: string;
  quantity: string;
  weightKg: string;
  volumeM3: string;
  /** In yuan as typed; sent in fen. */
  declaredValue: string;
}

export interface IntakeForm {
  consignor: ContactForm;
  consignee: ContactForm;
  goods: GoodsForm;
  service: DeliveryService;
  /** `YYYY-MM-DDTHH:MM` from a datetime-local input, in the phone's zone. */
  requiredArrivalAt: string;
  fragile: boolean;
  keepUpright: boolean;
  keepDry: boolean;
  /** What the customer declared as dangerous goods: anything here is refused. */
  dangerousGoods: string;
  invoiceTitle: string;
  deliveryWindowFrom: string;
  deliveryWindowTo: string;
  cardText: string;
  /** The signed-receipt return service (签回单). */
  receiptReturn?: boolean;
  /** The quote the customer accepted: the order takes its price and arrival. */
  quote?: QuotedTerms;
}

const emptyContact = (): ContactForm => ({ name: '', phone: '', province: '', city: '', district: '', detail: '' });
export const emptyGoods = (): GoodsForm => ({ name: '', quantity: '1', weightKg: '', volumeM3: '', declaredValue: '' });

export function emptyIntake(): IntakeForm {
  return {
    consignor: emptyContact(),
    consignee: emptyContact(),
    goods: emptyGoods(),
    service: 'STANDARD',
    requiredArrivalAt: '',
    fragile: false,
    keepUpright: false,
    keepDry: false,
    dangerousGoods: '',
    invoiceTitle: '',
    deliveryWindowFrom: '',
    deliveryWindowTo: '',
    cardText: '',
  };
}

/** Field path (`consignor.phone`) → what is wrong with it. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^(010|02\d|0[3-9]\d{2})-[1-9]\d{6,7}(-\d{1,6})?$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A mainland mobile or landline as people type it, in the stored form; null when neither. */
export function normalizePhone(raw: string): string | null {
  let p = raw.replace(/\s+/g, '').replace(/转/g, '-');
  if (p.startsWith('+86')) p = p.slice(3);
  if (MOBILE.test(p)) return p;
  if (p.startsWith('86') && MOBILE.test(p.slice(2))) return p.slice(2);
  if (LANDLINE.test(p)) return p;
  return null;
}

export function checkContact(prefix: string, c: ContactForm, errors: FieldErrors): void {
  if (!c.name.trim()) errors[`${prefix}.name`] = 'intake.err.required';
  if (!c.phone.trim()) errors[`${prefix}.phone`] = 'intake.err.required';
  else if (!normalizePhone(c.phone)) errors[`${prefix}.phone`] = 'intake.err.phone';
  for (const part of ['province', 'city', 'district', 'detail'] as const) {
    if (!c[part].trim()) errors[`${prefix}.${part}`] = 'intake.err.required';
  }
}

const positive = (s: string) => s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) > 0;

export function checkGoods(g: GoodsForm, service: DeliveryService, errors: FieldErrors): void {
  if (!g.name.trim()) errors['goods.name'] = 'intake.err.required';
  const q = Number(g.quantity);
  if (!Number.isInteger(q) || q < 1 || q > 10000) errors['goods.quantity'] = 'intake.err.quantity';
  if (!positive(g.weightKg)) errors['goods.weightKg'] = 'intake.err.positive';
  if (!positive(g.volumeM3)) errors['goods.volumeM3'] = 'intake.err.positive';
  if (g.declaredValue.trim() !== '' && !(Number(g.declaredValue) >= 0)) errors['goods.declaredValue'] = 'intake.err.notNegative';
  else if (service === 'INSURED' && !positive(g.declaredValue)) errors['goods.declaredValue'] = 'intake.err.insuredValue';
}

export function checkService(f: IntakeForm, errors: FieldErrors, now: Date = new Date()): void {
  if (f.requiredArrivalAt && !(new Date(f.requiredArrivalAt).getTime() > now.getTime())) {
    errors.requiredArrivalAt = 'intake.err.future';
  }
  const from = f.deliveryWindowFrom;
  const to = f.deliveryWindowTo;
  if (Boolean(from) !== Boolean(to) || (from && (!HHMM.test(from) || !HHMM.test(to) || from >= to))) {
    errors.deliveryWindow = 'intake.err.window';
  }
  if (f.service === 'TIME_SLOT') {
    if (!f.requiredArrivalAt) errors.requiredArrivalAt = 'intake.err.timeSlot';
    if (!from && !errors.deliveryWindow) errors.deliveryWindow = 'intake.err.timeSlot';
  }
  if (f.dangerousGoods.trim()) errors.dangerousGoods = 'intake.err.dangerous';
  if (f.invoiceTitle.length > 100) errors.invoiceTitle = 'intake.err.tooLong';
  if (f.cardText.length > 200) errors.cardText = 'intake.err.tooLong';
}

export const INTAKE_STEPS = ['consignor', 'consignee', 'goods', 'service', 'review'] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** The errors of one step (review checks everything). */
export function checkStep(step: IntakeStep, f: IntakeForm, now: Date = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  if (step === 'consignor' || step === 'review') checkContact('consignor', f.consignor, errors);
  if (step === 'consignee' || step === 'review') checkContact('consignee', f.consignee, errors);
  if (step === 'goods' || step === 'review') checkGoods(f.goods, f.service, errors);
  if (step === 'service' || step === 'review') checkService(f, errors, now);
  // The declared value depends on the service chosen after the goods step.
  if (step === 'service' && f.service === 'INSURED') checkGoods(f.goods, f.service, errors);
  return errors;
}

export function toContactInput(c: ContactForm) {
  return {
    name: c.name.trim(),
    phone: normalizePhone(c.phone) ?? c.phone.trim(),
    province: c.province.trim(),
    city: c.city.trim(),
    district: c.district.trim(),
    detail: c.detail.trim(),
  };
}

export function toGoodsInput(g: GoodsForm) {
  return {
    name: g.name.trim(),
    quantity: Number(g.quantity),
    weightKg: Number(g.weightKg),
    volumeM3: Number(g.volumeM3),
    declaredValueFen: g.declaredValue.trim() === '' ? null : Math.round(Number(g.declaredValue) * 100),
  };
}

/** The server's input for a checked form. */
export function toIntakeFields(f: IntakeForm): IntakeFields {
  return {
    consignor: toContactInput(f.consignor),
    consignee: toContactInput(f.consignee),
    goods: toGoodsInput(f.goods),
    service: f.service,
    requiredArrivalAt: f.requiredArrivalAt ? new Date(f.requiredArrivalAt).toISOString() : null,
    handling: { fragile: f.fragile, keepUpright: f.keepUpright, keepDry: f.keepDry },
    requests: {
      invoiceTitle: f.invoiceTitle.trim() || null,
      deliveryWindowFrom: f.deliveryWindowFrom || null,
      deliveryWindowTo: f.deliveryWindowTo || null,
      cardText: f.cardText.trim() || null,
    },
    receiptReturn: Boolean(f.receiptReturn),
    quoteId: f.quote?.quoteId ?? null,
  };
}
