import { describe, expect, it } from 'vitest';
import { adjustedTerms, adjustFen } from './rateChange';

describe('rate change', () => {
  it('moves a price by a percentage, rounded to the nearest fen', () => {
    expect(adjustFen(1500, 10)).toBe(1650);
    expect(adjustFen(805, 5)).toBe(845); // 845.25
    expect(adjustFen(810, 5)).toBe(851); // 850.5 rounds up
    expect(adjustFen(1000, -3)).toBe(970);
  });
  it('moves every service price and nothing else, without the client fields', () => {
    const terms = {
      __typename: 'TariffTerms',
      cutOffHour: 17,
      zones: [{ __typename: 'TariffZone', code: '1', origin: { __typename: 'Place', province: '上海市', city: '上海市' }, destinations: [{ __typename: 'Place', province: '江苏省', city: '' }] }],
      services: [{ __typename: 'TariffService', service: 'STANDARD', nameZh: '标准快递', nameEn: 'Standard', divisorCm3PerKg: 6000, maxWeightGrams: 0, maxSideCm: 0, timeSlot: true,
        prices: [{ __typename: 'TariffZonePrice', zone: '1', firstWeightGrams: 1000, firstFen: 1000, stepGrams: 500, stepFen: 300, minimumFen: 1000 }],
        transit: [{ __typename: 'TariffTransit', zone: '1', days: 1, byHour: 18 }] }],
      surcharges: { __typename: 'TariffSurcharges', remoteFen: 1000, remoteAreas: [], fragileFen: 500, keepUprightFen: 300 },
      valueAdded: { __typename: 'TariffValueAdded', insuranceRateBp: 50, insuranceMinimumFen: 100, receiptReturnFen: 300, timeSlotFen: 1000 },
    } as const;
    const out = adjustedTerms(terms as never, 10);
    expect(JSON.stringify(out)).not.toContain('__typename');
    expect(out.services[0]!.prices[0]).toMatchObject({ firstFen: 1100, stepFen: 330, minimumFen: 1100, firstWeightGrams: 1000 });
    expect(out.surcharges.remoteFen).toBe(1000);
    expect(out.zones[0]!.destinations[0]!.city).toBeNull();
  });
});
