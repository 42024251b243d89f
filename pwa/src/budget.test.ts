// The initial-JavaScript budget. Reads the production build: run `npm run build` first.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module script without types
import { BUDGET_GZIP_BYTES, measure } from '../scripts/size.mjs';

const appDir = resolve(process.cwd(), 'dist/app');

describe('bundle budget', () => {
  it('keeps initial JS within 60 KB gzip', () => {
    const { gzip, files } = measure(appDir) as { gzip: number; files: { file: string }[] };
    expect(files.length).toBeGreaterThan(0);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
  it('does not load the barcode reader up front', () => {
    const { files } = measure(appDir) as { files: { file: string }[] };
    expect(files.some((f) => /reader|zxing|ScanScreen/.test(f.file))).toBe(false);
  });
});
