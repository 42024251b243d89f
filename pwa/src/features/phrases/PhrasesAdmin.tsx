// 话术管理 in 我的, for managers and admins: the phrases of the unit they maintain (and, read
// only, those of the units above), added, edited, retired and brought back. Maintenance
// needs the server (each write carries an idempotency key and the version read; a stale
// version is refreshed and said so).
import type { CombinedError } from '@urql/core';
import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import type { PhraseSituation } from '../../graphql/schema-types';
import { usePhrasesI18n, type PT } from '../../i18n/phrases';
import { SITUATIONS, situationKey, type Phrase } from './PhrasePicker';
import { CreatePhraseDocument, PhraseBookDocument, UpdatePhraseDocument } from './phrases.generated';
import './phrases.css';

interface Draft {
  situation: PhraseSituation;
  textZh: string;
  textEn: string;
  order: number;
}

export function PhrasesAdmin() {
  const { pt } = usePhrasesI18n();
  const [{ data, fetching }, refetch] = useQuery({ query: PhraseBookDocument, variables: { includeRetired: true }, requestPolicy: 'cache-and-network' });
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [, create] = useMutation(CreatePhraseDocument);
  const [, update] = useMutation(UpdatePhraseDocument);
  const phrases = data?.phraseBook.phrases ?? [];
  const reload = () => refetch({ requestPolicy: 'network-only' });

  async function save(write: () => Promise<{ error?: CombinedError }>): Promise<boolean> {
    if (!navigator.onLine) return setMessage(pt('ph.offline')), false;
    const r = await write();
    if (!r.error) return setMessage(pt('ph.saved')), reload(), true;
    // Read directly rather than through graphql/errors, which would split that module into a
    // chunk of its own on the first screen.
    const first = r.error.graphQLErrors[0];
    if (first?.extensions?.code === 'CONFLICT') return setMessage(pt('ph.conflict')), reload(), false;
    setMessage(pt('ph.failed', { message: first?.message ?? r.error.networkError?.message ?? '' }));
    return false;
  }

  const edit = (p: Phrase, d: Draft & { active: boolean }) =>
    save(() => update({ input: { idempotencyKey: crypto.randomUUID(), phraseId: p.id, expectedVersion: p.version, ...d } }));

  return (
    <section class="card" aria-labelledby="ph-manage-title">
      <h2 id="ph-manage-title">{pt('ph.manage')}</h2>
      <p class="small muted">{pt('ph.manageHint')}</p>
      {message && (
        <p class="small" role="status">
          {message}
        </p>
      )}
      {fetching && !data && <p class="muted small">{pt('ph.loading')}</p>}
      {adding ? (
        <PhraseForm
          pt={pt}
          initial={{ situation: 'GREETING', textZh: '', textEn: '', order: 0 }}
          onCancel={() => setAdding(false)}
          onSave={async (d) => {
            if (await save(() => create({ input: { idempotencyKey: crypto.randomUUID(), ...d } }))) setAdding(false);
          }}
        />
      ) : (
        <button type="button" class="btn block" onClick={() => (setAdding(true), setMessage(null))}>
          {pt('ph.add')}
        </button>
      )}
      {SITUATIONS.map((s) => {
        const group = phrases.filter((p) => p.situation === s);
        if (group.length === 0) return null;
        return (
          <section key={s} aria-label={pt(situationKey(s))}>
            <h3 class="ph-situation">{pt(situationKey(s))}</h3>
            {group.map((p) => (
              <PhraseItem key={p.id} phrase={p} pt={pt} onSave={(d) => edit(p, d)} />
            ))}
          </section>
        );
      })}
    </section>
  );
}

function PhraseItem({ phrase: p, pt, onSave }: { phrase: Phrase; pt: PT; onSave: (d: Draft & { active: boolean }) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const draft: Draft = { situation: p.situation, textZh: p.textZh, textEn: p.textEn, order: p.order };
  if (editing)
    return (
      <PhraseForm
        pt={pt}
        initial={draft}
        onCancel={() => setEditing(false)}
        onSave={async (d) => {
          if (await onSave({ ...d, active: p.active })) setEditing(false);
        }}
      />
    );
  return (
    <div class="ph-item">
      <p lang="zh-CN">
        {p.textZh}
        {!p.active && <span class="muted small"> · {pt('ph.retired')}</span>}
      </p>
      <p lang="en" class="small muted">
        {p.textEn}
      </p>
      {p.canEdit ? (
        <div class="ph-row">
          <button type="button" class="btn small" aria-label={`${pt('ph.edit')}:${p.textZh}`} onClick={() => setEditing(true)}>
            {pt('ph.edit')}
          </button>
          <button
            type="button"
            class="btn small"
            aria-label={`${p.active ? pt('ph.retire') : pt('ph.restore')}:${p.textZh}`}
            onClick={() => void onSave({ ...draft, active: !p.active })}
          >
            {p.active ? pt('ph.retire') : pt('ph.restore')}
          </button>
        </div>
      ) : (
        <p class="small muted">{pt('ph.inherited')}</p>
      )}
    </div>
  );
}

function PhraseForm({ pt, initial, onSave, onCancel }: { pt: PT; initial: Draft; onSave: (d: Draft) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(initial);
  return (
    <form
      class="ph-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!d.textZh.trim() || !d.textEn.trim()) return;
        onSave({ ...d, textZh: d.textZh.trim(), textEn: d.textEn.trim() });
      }}
    >
      <label for="ph-f-situation">{pt('ph.situation')}</label>
      <select id="ph-f-situation" value={d.situation} onChange={(e) => setD({ ...d, situation: e.currentTarget.value as PhraseSituation })}>
        {SITUATIONS.map((s) => (
          <option key={s} value={s}>
            {pt(situationKey(s))}
          </option>
        ))}
      </select>
      <label for="ph-f-zh">{pt('ph.textZh')}</label>
      <textarea id="ph-f-zh" required maxLength={200} value={d.textZh} onInput={(e) => setD({ ...d, textZh: e.currentTarget.value })} />
      <label for="ph-f-en">{pt('ph.textEn')}</label>
      <textarea id="ph-f-en" required maxLength={200} value={d.textEn} onInput={(e) => setD({ ...d, textEn: e.currentTarget.value })} />
      <label for="ph-f-order">{pt('ph.order')}</label>
      <input
        id="ph-f-order"
        type="number"
        min={0}
        max={999}
        value={d.order}
        onInput={(e) => setD({ ...d, order: Math.max(0, Math.min(999, Number(e.currentTarget.value) || 0)) })}
      />
      <div class="ph-row">
        <button type="submit" class="btn primary">
          {pt('ph.save')}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {pt('ph.cancel')}
        </button>
      </div>
    </form>
  );
}
