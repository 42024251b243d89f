import { describe, expect, it } from 'vitest';
import { checkStep, emptyIntake, normalizePhone, toIntakeFields, type IntakeForm } from './intake';

const now = new Date('2026-11-23T10:00:00+08:00');

function filled(): IntakeForm {
  const f = emptyIntake();
  f.consignor = { name: '李明', phone: '13812345678', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' };
  f.consignee = { name: '王芳', phone: '0571-87654321', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' };
  f.goods = { name: '茶叶', quantity: '2', weightKg: '1.5', volumeM3: '0.02', declaredValue: '' };
  return f;
}

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['021-12345678', '021-12345678'],
    ['0571-87654321转123', '0571-87654321-123'],
    ['010-1234567', '010-1234567'],
  ])('accepts %s as %s', (raw, stored) => expect(normalizePhone(raw)).toBe(stored));

  it.each(['1381234567', '12812345678', '021-01234567', '12345678', '0571 87654321'])('refuses %s', (raw) =>
    expect(normalizePhone(raw)).toBeNull(),
  );
});

describe('checkStep', () => {
  it('passes a complete order', () => {
    expect(checkStep('review', filled(), now)).toEqual({});
  });

  it('a malformed phone and an empty address part are caught on their step', () => {
    const f = filled();
    f.consignor.phone = '1381234';
    f.consignor.district = ' ';
    expect(checkStep('consignor', f, now)).toEqual({ 'consignor.phone': 'intake.err.phone', 'consignor.district': 'intake.err.required' });
    expect(checkStep('consignee', f, now)).toEqual({});
  });

  it('a negative weight, zero volume and a fractional quantity are refused', () => {
    const f = filled();
    f.goods = { ...f.goods, weightKg: '-1', volumeM3: '0', quantity: '1.5' };
    expect(checkStep('goods', f, now)).toEqual({
      'goods.weightKg': 'intake.err.positive',
      'goods.volumeM3': 'intake.err.positive',
      'goods.quantity': 'intake.err.quantity',
    });
  });

  it('an insured parcel needs a declared value, asked for when the service is chosen', () => {
    const f = filled();
    f.service = 'INSURED';
    expect(checkStep('service', f, now)).toEqual({ 'goods.declaredValue': 'intake.err.insuredValue' });
    f.goods.declaredValue = '300';
    expect(checkStep('service', f, now)).toEqual({});
  });

  it('a time-slot delivery needs a required arrival and a window, start before end', () => {
    const f = filled();
    f.service = 'TIME_SLOT';
    expect(checkStep('service', f, now)).toEqual({ requiredArrivalAt: 'intake.err.timeSlot', deliveryWindow: 'intake.err.timeSlot' });
    f.requiredArrivalAt = '2026-11-25T12:00';
    f.deliveryWindowFrom = '18:00';
    f.deliveryWindowTo = '09:00';
    expect(checkStep('service', f, now)).toEqual({ deliveryWindow: 'intake.err.window' });
  });

  it('a required arrival in the past is refused', () => {
    const f = filled();
    f.requiredArrivalAt = '2026-11-01T12:00';
    expect(checkStep('service', f, now)).toEqual({ requiredArrivalAt: 'intake.err.future' });
  });

  it('declared dangerous goods stop the order', () => {
    const f = filled();
    f.dangerousGoods = '打火机';
    expect(checkStep('service', f, now)).toEqual({ dangerousGoods: 'intake.err.dangerous' });
  });
});

describe('toIntakeFields', () => {
  it('sends stored phone forms, numbers, fen and no empty requests', () => {
    const f = filled();
    f.consignor.phone = '+86 138 1234 5678';
    f.service = 'INSURED';
    f.goods.declaredValue = '299.99';
    f.fragile = true;
    const input = toIntakeFields(f);
    expect(input.consignor.phone).toBe('13812345678');
    expect(input.goods).toEqual({ name: '茶叶', quantity: 2, weightKg: 1.5, volumeM3: 0.02, declaredValueFen: 29999 });
    expect(input.handling).toEqual({ fragile: true, keepUpright: false, keepDry: false });
    expect(input.requests).toEqual({ invoiceTitle: null, deliveryWindowFrom: null, deliveryWindowTo: null, cardText: null });
    expect(input.requiredArrivalAt).toBeNull();
  });
});
