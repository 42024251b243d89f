import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opensForbidden, replaceOpening } from './opening';

// The vectors and lists the Go rule is tested with (internal/phrase).
// Vitest runs in pwa/.
const dir = resolve(process.cwd(), '../internal/phrase/testdata');
const vectors = JSON.parse(readFileSync(resolve(dir, 'openings.json'), 'utf8')) as { name: string; reply: string; forbidden: string }[];
const lists = JSON.parse(readFileSync(resolve(dir, 'lists.json'), 'utf8')) as { forbiddenOpenings: string[]; politeOpenings: string[] };

describe('a reply that opens with a forbidden phrase', () => {
  for (const v of vectors) {
    it(v.name, () => {
      expect(opensForbidden(v.reply, lists.forbiddenOpenings, lists.politeOpenings)).toBe(v.forbidden || null);
    });
  }
  it('gets its opening replaced by the phrase tapped', () => {
    expect(replaceOpening(' 不行,这个地址改不了', '不行', '非常抱歉给您带来不便。')).toBe('非常抱歉给您带来不便。这个地址改不了');
  });
});
