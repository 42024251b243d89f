import { describe, expect, it } from 'vitest';
import { toIntakeFields } from './intake';
import { agreedArrival, checkQuote, emptyQuote, intakeFromQuote, nextDays, timeSlotChoice, toQuoteInput, type QuoteForm } from './quote';

const box = (): QuoteForm => ({ ...emptyQuote(), destProvince: '四川省', destCity: '成都市', goodsName: '衣服', weightKg: '5', lengthCm: '30', widthCm: '30', heightCm: '30' });

describe('quote form', () => {
  it('5 kg, 30×30×30 cm, 上海 → 成都 needs nothing more', () => {
    expect(checkQuote(box())).toEqual({});
  });
  it('a destination, the goods and a positive weight are required', () => {
    const errors = checkQuote(emptyQuote());
    expect(Object.keys(errors).sort()).toEqual(['destCity', 'destProvince', 'goodsName', 'weightKg']);
  });
  it('dimensions are all three or none', () => {
    expect(checkQuote({ ...box(), heightCm: '' }).dimensions).toBe('quote.err.dimensions');
    expect(checkQuote({ ...box(), lengthCm: '', widthCm: '', heightCm: '' }).dimensions).toBeUndefined();
  });
  it('insurance needs a declared value', () => {
    expect(checkQuote({ ...box(), insured: true }).declaredValue).toBe('intake.err.insuredValue');
  });
  it('sends yuan as fen and no deadline as null', () => {
    const input = toQuoteInput({ ...box(), insured: true, declaredValue: '12.5' }, 'k1');
    expect(input).toMatchObject({ idempotencyKey: 'k1', weightKg: 5, lengthCm: 30, declaredValueFen: 1250, neededBy: null,
      origin: { province: '上海市', city: '上海市' }, destination: { province: '四川省', city: '成都市' } });
  });
  it('offers the next seven days, so one of them is a Friday', () => {
    const days = nextDays(new Date(2026, 11, 5, 10));
    expect(days).toEqual(['2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12']);
  });
  it('an option starts an intake bound to the quote with both cities, the goods and their volume', () => {
    const form = intakeFromQuote({ ...box(), fragile: true }, 'ECONOMY', { quoteId: 'Q1', totalFen: 3200, arrival: '2026-12-11T10:00:00Z' });
    expect(form.consignor).toMatchObject({ province: '上海市', city: '上海市' });
    expect(form.consignee).toMatchObject({ province: '四川省', city: '成都市' });
    expect(form.goods).toMatchObject({ name: '衣服', weightKg: '5', volumeM3: '0.027' });
    expect(form.service).toBe('ECONOMY');
    expect(form.fragile).toBe(true);
    expect(toIntakeFields(form).quoteId).toBe('Q1');
  });
});

describe('time-slot delivery', () => {
  const slot = (): QuoteForm => ({ ...box(), timeSlot: true, neededBy: '2026-12-10', window: '14:00-16:00' });
  const local = (s: string) => new Date(s).toISOString();
  const options = [
    { service: 'ECONOMY', arrival: local('2026-12-11T18:00'), breakdown: { totalFen: 2100 } },
    { service: 'STANDARD', arrival: local('2026-12-10T18:00'), breakdown: { totalFen: 2400 } },
    { service: 'NEXT_DAY', arrival: local('2026-12-09T18:00'), breakdown: { totalFen: 3600 } },
    { service: 'EXPRESS', arrival: local('2026-12-10T12:00'), breakdown: { totalFen: 3000 } },
  ];
  it('asks the server to price the time slot, and is agreed for the end of the window on the day needed', () => {
    expect(toQuoteInput(slot(), 'k').timeSlot).toBe(true);
    expect(toQuoteInput(box(), 'k').timeSlot).toBe(false);
    expect(agreedArrival(slot())).toBe('2026-12-10T16:00');
    expect(agreedArrival({ ...slot(), neededBy: '' })).toBe('');
    expect(agreedArrival({ ...slot(), timeSlot: false })).toBe('');
  });
  it('costs what the cheapest service arriving by then costs, as the server charges', () => {
    expect(timeSlotChoice(options, slot())?.service).toBe('EXPRESS');
    expect(timeSlotChoice(options, { ...slot(), neededBy: '2026-12-11', window: '16:00-18:00' })?.service).toBe('ECONOMY');
    expect(timeSlotChoice(options, { ...slot(), neededBy: '2026-12-08' })).toBeNull();
    expect(timeSlotChoice(options, { ...slot(), neededBy: '' })).toBeNull();
  });
  it('starts a TIME_SLOT intake with the agreed arrival and window', () => {
    const form = intakeFromQuote(slot(), 'TIME_SLOT', { quoteId: 'Q2', totalFen: 3000, arrival: local('2026-12-10T16:00') });
    expect(form.service).toBe('TIME_SLOT');
    expect(form.requiredArrivalAt).toBe('2026-12-10T16:00');
    expect([form.deliveryWindowFrom, form.deliveryWindowTo]).toEqual(['14:00', '16:00']);
    const fields = toIntakeFields(form);
    expect(fields.quoteId).toBe('Q2');
    expect(fields.requiredArrivalAt).toBe(local('2026-12-10T16:00'));
  });
});
