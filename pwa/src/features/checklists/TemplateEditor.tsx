// For managers and admins (from Checks and scores): revise a checklist on the phone. The
// current version becomes a draft; items keep their codes, new ones get a fresh code; the
// draft is checked as the server checks it and queued as one new version. Checks already
// made keep the version they were made with.
import { useRefetchAfterSync } from '../../outbox/useRefetchAfterSync';
import { isChecklistChange } from './kinds';
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import type { ChecklistKind } from '../../graphql/schema-types';
import type { StaffSummary } from '../../session/session';
import { CkTemplatesDocument } from './checklists.generated';
import { QueuedState, nowIso, queueCk, useCk, useCkOutbox } from './shared';
import { dayRules, draftOf, isChanged, itemRoles, moved, newItem, problemOf, revisionOf, type ItemDraft, type TemplateDraft } from './templateDraft';

const kinds: readonly ChecklistKind[] = ['APPEARANCE', 'CONDUCT', 'PRE_SHIFT'];

export function TemplateEditor({ staff, onClose }: { staff: StaffSummary; onClose: () => void }) {
  const { c } = useCk();
  const [kind, setKind] = useState<ChecklistKind>('APPEARANCE');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CkTemplatesDocument, variables: { kind }, requestPolicy: 'cache-and-network' });
  useRefetchAfterSync(staff.id, isChecklistChange, () => reexecute({ requestPolicy: 'network-only' }));
  const current = data?.checklistTemplates.find((t) => t.kind === kind);
  return (
    <div class="stack ck">
      <section class="card" aria-labelledby="tpl-title">
        <div class="card-head">
          <h2 id="tpl-title">{c('tpl.title')}</h2>
          <button type="button" class="btn small" onClick={onClose}>
            {c('tpl.back')}
          </button>
        </div>
        <div class="segmented" role="group" aria-label={c('inspect.kind')}>
          {kinds.map((k) => (
            <button key={k} type="button" class={`seg${kind === k ? ' on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {c(`kind.${k}`)}
            </button>
          ))}
        </div>
        {fetching && !data && <p class="muted">{c('loading')}</p>}
        {error && !data && <p class="error" role="alert">{c('loadFailed', { message: error.graphQLErrors[0]?.message ?? error.message })}</p>}
        {current && <p class="muted small">{c('tpl.version', { version: current.version })}</p>}
      </section>
      {current && data && (
        <DraftForm
          key={current.id}
          staffId={staff.id}
          version={current.version}
          from={draftOf(current)}
          profiles={data.dressCodeProfiles}
        />
      )}
    </div>
  );
}

function DraftForm({ staffId, version, from, profiles }: { staffId: string; version: number; from: TemplateDraft; profiles: readonly { code: string; name: string }[] }) {
  const { c } = useCk();
  const [draft, setDraft] = useState(from);
  const [shown, setShown] = useState<string | null>(null);
  const queued = useCkOutbox(staffId).filter((i) => i.change.type === 'reviseChecklistTemplate' && i.change.kind === from.kind);
  const waiting = queued.some((i) => i.state === 'pending');
  const problem = problemOf(draft);
  const changed = isChanged(draft, from);
  const setItem = (i: number, patch: Partial<ItemDraft>) => setDraft({ ...draft, items: draft.items.map((it, j) => (j === i ? { ...it, ...patch } : it)) });

  async function publish() {
    if (problem || !changed) return;
    const rev = revisionOf(draft);
    await queueCk(staffId, { type: 'reviseChecklistTemplate', ...rev, summary: `${rev.titleZh} v${version + 1}`, occurredAt: nowIso() });
  }

  return (
    <>
      <section class="card" aria-labelledby="tpl-titles">
        <h2 id="tpl-titles">{c('tpl.titles')}</h2>
        <label for="tpl-title-zh">{c('tpl.titleZh')}</label>
        <input id="tpl-title-zh" value={draft.titleZh} onInput={(e) => setDraft({ ...draft, titleZh: (e.currentTarget as HTMLInputElement).value })} />
        <label for="tpl-title-en">{c('tpl.titleEn')}</label>
        <input id="tpl-title-en" value={draft.titleEn} onInput={(e) => setDraft({ ...draft, titleEn: (e.currentTarget as HTMLInputElement).value })} />
      </section>
      <section class="card" aria-labelledby="tpl-items">
        <h2 id="tpl-items">{c('tpl.items', { count: draft.items.length })}</h2>
        <ol class="list">
          {draft.items.map((it, i) => (
            <ItemEditor
              key={it.key}
              item={it}
              position={i + 1}
              last={i === draft.items.length - 1}
              open={shown === it.key}
              profiles={profiles}
              onToggle={(open) => setShown((cur) => (open ? it.key : cur === it.key ? null : cur))}
              onChange={(patch) => setItem(i, patch)}
              onMove={(by) => setDraft({ ...draft, items: moved(draft.items, i, by) })}
              onRemove={() => setDraft({ ...draft, items: draft.items.filter((_, j) => j !== i) })}
            />
          ))}
        </ol>
        <button
          type="button"
          class="btn block"
          onClick={() => {
            const it = newItem(draft.items);
            setDraft({ ...draft, items: [...draft.items, it] });
            setShown(it.key);
          }}
        >
          {c('tpl.add')}
        </button>
      </section>
      <section class="card" aria-labelledby="tpl-publish">
        <h2 id="tpl-publish">{c('tpl.publishTitle', { version: version + 1 })}</h2>
        <p class="muted small">{c('tpl.publishHint')}</p>
        {problem && changed && (
          <p class="error" role="alert">
            {problem.position ? c('tpl.problemAt', { position: problem.position, problem: c(problem.key) }) : c(problem.key)}
          </p>
        )}
        <button type="button" class="btn primary block" disabled={waiting || !changed || problem !== null} onClick={() => void publish()}>
          {c('tpl.publish', { version: version + 1 })}
        </button>
        {!changed && <p class="muted small">{c('tpl.unchanged')}</p>}
        <QueuedState items={queued} />
      </section>
    </>
  );
}

function ItemEditor({
  item,
  position,
  last,
  open,
  profiles,
  onToggle,
  onChange,
  onMove,
  onRemove,
}: {
  item: ItemDraft;
  position: number;
  last: boolean;
  open: boolean;
  profiles: readonly { code: string; name: string }[];
  onToggle: (open: boolean) => void;
  onChange: (patch: Partial<ItemDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { c } = useCk();
  const { t } = useI18n();
  const id = (f: string) => `tpl-${item.key}-${f}`;
  const name = item.textZh || item.code;
  const facts = [
    c('item.weight', { weight: item.weight }),
    c(`tpl.days.${item.appliesOn}`),
    item.dressCode && (profiles.find((p) => p.code === item.dressCode)?.name ?? item.dressCode),
    item.role && t(`role.${item.role}`),
    item.photoRequired && c('item.photoRequired'),
    item.automatic && c('tpl.automatic'),
  ].filter(Boolean);
  return (
    <li class="ck-item" aria-label={c('tpl.itemLabel', { position, name })}>
      <details open={open} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
        <summary class="ck-summary">
          <span>
            <strong>
              {position}. {name}
            </strong>
            <span class="small block">{facts.join(' · ')}</span>
          </span>
        </summary>
        <label for={id('code')}>{c('tpl.code')}</label>
        <input id={id('code')} value={item.code} disabled={!item.isNew} autocapitalize="characters" onInput={(e) => onChange({ code: (e.currentTarget as HTMLInputElement).value.toUpperCase() })} />
        <label for={id('zh')}>{c('tpl.textZh')}</label>
        <input id={id('zh')} value={item.textZh} onInput={(e) => onChange({ textZh: (e.currentTarget as HTMLInputElement).value })} />
        <label for={id('en')}>{c('tpl.textEn')}</label>
        <input id={id('en')} value={item.textEn} onInput={(e) => onChange({ textEn: (e.currentTarget as HTMLInputElement).value })} />
        <label for={id('weight')}>{c('tpl.weight')}</label>
        <input
          id={id('weight')}
          type="number"
          inputMode="numeric"
          min={1}
          max={10}
          value={item.weight}
          onInput={(e) => onChange({ weight: Number((e.currentTarget as HTMLInputElement).value) })}
        />
        <label for={id('days')}>{c('tpl.days')}</label>
        <select id={id('days')} value={item.appliesOn} onChange={(e) => onChange({ appliesOn: (e.currentTarget as HTMLSelectElement).value as ItemDraft['appliesOn'] })}>
          {dayRules.map((d) => (
            <option key={d} value={d}>
              {c(`tpl.days.${d}`)}
            </option>
          ))}
        </select>
        <label for={id('dress')}>{c('tpl.dressCode')}</label>
        <select id={id('dress')} value={item.dressCode} onChange={(e) => onChange({ dressCode: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">{c('tpl.everyone')}</option>
          {profiles.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <label for={id('role')}>{c('tpl.role')}</label>
        <select id={id('role')} value={item.role} onChange={(e) => onChange({ role: (e.currentTarget as HTMLSelectElement).value as ItemDraft['role'] })}>
          <option value="">{c('tpl.everyone')}</option>
          {itemRoles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <label class="ck-check">
          <input type="checkbox" checked={item.photoRequired} onChange={(e) => onChange({ photoRequired: (e.currentTarget as HTMLInputElement).checked })} />
          {c('tpl.photo')}
        </label>
        {item.automatic && <p class="muted small">{c('item.automatic')}</p>}
        <div class="actions">
          <button type="button" class="btn small" disabled={position === 1} aria-label={c('tpl.upLabel', { name })} onClick={() => onMove(-1)}>
            ↑ {c('tpl.up')}
          </button>
          <button type="button" class="btn small" disabled={last} aria-label={c('tpl.downLabel', { name })} onClick={() => onMove(1)}>
            ↓ {c('tpl.down')}
          </button>
          <button type="button" class="btn small fail" aria-label={c('tpl.removeLabel', { name })} onClick={onRemove}>
            {c('tpl.remove')}
          </button>
        </div>
      </details>
    </li>
  );
}
