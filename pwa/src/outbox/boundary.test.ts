// The outbox core knows no feature (issue 18, item 8): nothing in src/outbox imports a
// feature module, and no static import chain leads from the outbox back into itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The relative modules a file imports statically (type-only imports included; import() is lazy and left out). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm)) {
    const spec = m[1] ?? m[2];
    if (!spec) continue;
    const base = resolve(dirname(file), spec);
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (hit) found.push(hit);
  }
  return found;
}

describe('the outbox core', () => {
  const core = sources(join(src, 'outbox'));

  it('imports no feature module', () => {
    expect(core.length).toBeGreaterThan(3);
    const offending = core.flatMap((file) =>
      imports(file)
        .filter((to) => relative(src, to).startsWith('features'))
        .map((to) => `${relative(src, file)} → ${relative(src, to)}`),
    );
    expect(offending).toEqual([]);
  });

  it('is on no import cycle', () => {
    const graph = new Map(sources(src).map((f) => [f, imports(f)]));
    const cycles: string[] = [];
    // Depth-first from each outbox module: reaching the start again is a cycle through it.
    for (const start of core) {
      const seen = new Set<string>();
      const walk = (file: string, path: string[]): void => {
        for (const to of graph.get(file) ?? []) {
          if (to === start) cycles.push([...path, to].map((p) => relative(src, p)).join(' → '));
          else if (!seen.has(to)) {
            seen.add(to);
            walk(to, [...path, to]);
          }
        }
      };
      walk(start, [start]);
    }
    expect(cycles).toEqual([]);
  });
});
