// A checklist template being revised on the phone: the current version turned into an
// editable draft, checked the way the server checks it (so most mistakes are caught before
// the change is queued), and turned back into the reviseChecklistTemplate input.
import type { ChecklistAutomatic, ChecklistDays, ChecklistItemInput, ChecklistKind, Role } from '../../graphql/schema-types';
import type { CkKey } from '../../i18n/checklists-screens';
import type { CkTemplateItemFragment } from './checklists.generated';

export interface ItemDraft {
  /** Stable key for the list while editing (the item's code may still change). */
  key: string;
  code: string;
  textZh: string;
  textEn: string;
  weight: number;
  appliesOn: ChecklistDays;
  /** '' means everyone. */
  dressCode: string;
  /** '' means everyone. */
  role: Role | '';
  photoRequired: boolean;
  /** Kept as it is: automatic items are judged by the system. */
  automatic: ChecklistAutomatic | null;
  /** New items choose their code; existing ones keep it, so results stay comparable. */
  isNew: boolean;
}

export interface TemplateDraft {
  kind: ChecklistKind;
  titleZh: string;
  titleEn: string;
  items: ItemDraft[];
}

export const dayRules: readonly ChecklistDays[] = ['ALL', 'WEEKDAY', 'WEEKEND'];
export const itemRoles: readonly Role[] = ['AGENT', 'SUPERVISOR', 'MANAGER', 'VERIFIER', 'ADMIN'];

export function draftOf(t: { kind: ChecklistKind; titleZh: string; titleEn: string; items: readonly CkTemplateItemFragment[] }): TemplateDraft {
  return {
    kind: t.kind,
    titleZh: t.titleZh,
    titleEn: t.titleEn,
    items: t.items.map((it) => ({
      key: it.id,
      code: it.code,
      textZh: it.textZh,
      textEn: it.textEn,
      weight: it.weight,
      appliesOn: it.appliesOn,
      dressCode: it.dressCode ?? '',
      role: it.role ?? '',
      photoRequired: it.photoRequired,
      automatic: it.automatic,
      isNew: false,
    })),
  };
}

/** A code not yet used in the draft: ITEM_1, ITEM_2, … */
export function freshCode(items: readonly ItemDraft[]): string {
  const used = new Set(items.map((i) => i.code));
  let n = 1;
  while (used.has(`ITEM_${n}`)) n++;
  return `ITEM_${n}`;
}

export function newItem(items: readonly ItemDraft[]): ItemDraft {
  const code = freshCode(items);
  return { key: `new-${code}-${items.length}`, code, textZh: '', textEn: '', weight: 1, appliesOn: 'ALL', dressCode: '', role: '', photoRequired: false, automatic: null, isNew: true };
}

/** The list with item i moved by one place up (-1) or down (+1); unchanged at the ends. */
export function moved<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  const out = [...list];
  if (j < 0 || j >= list.length) return out;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

const codePattern = /^[A-Z][A-Z0-9_]{0,39}$/;

/** What is wrong with the draft, as the screen's text key and the item's position (1-based), or null. */
export function problemOf(d: TemplateDraft): { key: CkKey; position?: number } | null {
  if (!d.titleZh.trim() || !d.titleEn.trim()) return { key: 'tpl.problem.title' };
  if (d.items.length === 0 || d.items.length > 50) return { key: 'tpl.problem.count' };
  const seen = new Set<string>();
  for (const [i, it] of d.items.entries()) {
    const position = i + 1;
    if (!codePattern.test(it.code) || seen.has(it.code)) return { key: 'tpl.problem.code', position };
    if (!it.textZh.trim() || !it.textEn.trim()) return { key: 'tpl.problem.text', position };
    if (!Number.isInteger(it.weight) || it.weight < 1 || it.weight > 10) return { key: 'tpl.problem.weight', position };
    seen.add(it.code);
  }
  return null;
}

/** The draft as the mutation's content (trimmed; empty choices left out). */
export function revisionOf(d: TemplateDraft): { kind: ChecklistKind; titleZh: string; titleEn: string; items: ChecklistItemInput[] } {
  return {
    kind: d.kind,
    titleZh: d.titleZh.trim(),
    titleEn: d.titleEn.trim(),
    items: d.items.map((it) => ({
      code: it.code,
      textZh: it.textZh.trim(),
      textEn: it.textEn.trim(),
      weight: it.weight,
      appliesOn: it.appliesOn,
      photoRequired: it.photoRequired,
      ...(it.dressCode ? { dressCode: it.dressCode } : {}),
      ...(it.role ? { role: it.role } : {}),
      ...(it.automatic ? { automatic: it.automatic } : {}),
    })),
  };
}

/** Whether the draft says anything different from the version it started from. */
export function isChanged(d: TemplateDraft, from: TemplateDraft): boolean {
  return JSON.stringify(revisionOf(d)) !== JSON.stringify(revisionOf(from));
}
