import { describe, expect, it } from 'vitest';
import { fitWithin, MAX_PHOTO_SIDE } from './resize';

describe('fitWithin', () => {
  it('scales a landscape phone photo so the long side is 1600', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
  });
  it('scales a portrait photo by its height', () => {
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });
  it('keeps the aspect ratio within rounding', () => {
    const { width, height } = fitWithin(4032, 1816);
    expect(width).toBe(1600);
    expect(Math.abs(width / height - 4032 / 1816)).toBeLessThan(0.002);
  });
  it('never enlarges a small image', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(MAX_PHOTO_SIDE, 10)).toEqual({ width: MAX_PHOTO_SIDE, height: 10 });
  });
  it('keeps at least one pixel on a very thin image', () => {
    expect(fitWithin(100000, 10)).toEqual({ width: 1600, height: 1 });
  });
  it('uses a custom limit', () => {
    expect(fitWithin(1000, 500, 100)).toEqual({ width: 100, height: 50 });
  });
  it('refuses images without a size', () => {
    expect(() => fitWithin(0, 100)).toThrow();
    expect(() => fitWithin(Number.NaN, 100)).toThrow();
    expect(() => fitWithin(100, 100, 0)).toThrow();
  });
});
