import { describe, expect, it } from 'vitest';
import { reconcileParams, reconcilePath } from './reconcileLink';

describe('the reconcile screen address', () => {
  it('round-trips a station and month through the link the approvals inbox makes', () => {
    const path = reconcilePath('Q29uc2lnbm1lbnRTdGF0aW9uOjE=', '2026-11');
    expect(path).toBe('/orders/reconcile?station=Q29uc2lnbm1lbnRTdGF0aW9uOjE%3D&month=2026-11');
    expect(reconcileParams(path.slice(path.indexOf('?')))).toEqual({ station: 'Q29uc2lnbm1lbnRTdGF0aW9uOjE=', month: '2026-11' });
  });
  it('leaves out a month that is not YYYY-MM and an empty station', () => {
    for (const month of ['2026-13', '2026-1', '2026-00', '<script>', '2026-11\u202e', '']) {
      expect(reconcileParams(`?station=&month=${encodeURIComponent(month)}`)).toEqual({ station: null, month: null });
    }
    expect(reconcileParams('')).toEqual({ station: null, month: null });
  });
});
