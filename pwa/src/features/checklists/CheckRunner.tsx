// One check, item by item: pass or fail with big buttons, a photo where the item needs one
// (taken with the phone's camera and shrunk on the phone), and for an inspector a failed item
// raises a corrective action. Every answer is queued in the outbox and shown at once.
import { useState } from 'preact/hooks';
import { capturePhoto, type CapturedPhoto } from '../../photos/capture';
import { placeWords } from '../../photos/PhotoPicker';
import type { CkCheckFragment, CkCheckItemFragment } from './checklists.generated';
import { QueuedState, formatBytes, formatDay, localDay, nowIso, queueCk, useCk, useCkOutbox, type CkOutboxItem } from './shared';

type Mode = 'self' | 'inspect';

export function CheckRunner({ check, staffId, mode }: { check: CkCheckFragment; staffId: string; mode: Mode }) {
  const { c } = useCk();
  const queued = useCkOutbox(staffId);
  const answers = new Map<string, CkOutboxItem[]>();
  for (const i of queued) {
    if (i.change.type !== 'answerChecklistItem' && i.change.type !== 'raiseCorrectiveAction') continue;
    if (i.change.checkId !== check.id) continue;
    answers.set(i.change.checkItemId, [...(answers.get(i.change.checkItemId) ?? []), i]);
  }
  const answered = check.items.filter((it) => it.passed !== null || hasPendingAnswer(answers.get(it.id))).length;
  const total = check.items.length;
  const row = (it: CkCheckItemFragment) => (
    <ItemRow key={it.id} checkId={check.id} it={it} staffId={staffId} mode={mode} queued={answers.get(it.id) ?? []} subjectId={check.subject.id} />
  );
  return (
    <div>
      <p class="muted small" role="status">
        {check.status === 'COMPLETED' && check.score !== null && check.score !== undefined
          ? `${c('check.completed')} · ${c('check.score', { score: check.score })}`
          : c('check.progress', { done: answered, total })}
      </p>
      {check.status === 'COMPLETED' ? (
        // Done: failed items stay in view, the passed ones fold away.
        <>
          <ul class="list" aria-label={check.template.title}>
            {check.items.filter((it) => it.passed === false).map(row)}
          </ul>
          <details>
            <summary class="ck-summary">{c('check.showPassed', { count: check.items.filter((it) => it.passed !== false).length })}</summary>
            <ul class="list">{check.items.filter((it) => it.passed !== false).map(row)}</ul>
          </details>
        </>
      ) : (
        <ul class="list" aria-label={check.template.title}>
          {check.items.map(row)}
        </ul>
      )}
    </div>
  );
}

function hasPendingAnswer(items: CkOutboxItem[] | undefined): boolean {
  return (items ?? []).some((i) => i.state === 'pending' && i.change.type === 'answerChecklistItem');
}

function tomorrow(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return localDay(d);
}

function ItemRow({
  checkId,
  it,
  staffId,
  mode,
  queued,
  subjectId,
}: {
  checkId: string;
  it: CkCheckItemFragment;
  staffId: string;
  mode: Mode;
  queued: CkOutboxItem[];
  subjectId: string;
}) {
  const { c, locale } = useCk();
  const [photo, setPhoto] = useState<(CapturedPhoto & { url: string }) | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [failing, setFailing] = useState(false);
  const [raise, setRaise] = useState(true);
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(tomorrow);
  const text = it.item.text;
  const pendingAnswer = queued.find((i) => i.state === 'pending' && i.change.type === 'answerChecklistItem');
  const pendingPassed = pendingAnswer?.change.type === 'answerChecklistItem' ? pendingAnswer.change.passed : null;
  const passed = it.passed ?? pendingPassed;
  const needsPhoto = it.item.photoRequired && !photo;
  const titleId = `ck-item-${it.id}`;

  async function onPhoto(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setPhotoError(null);
    try {
      const taken = await capturePhoto(file);
      if (photo) URL.revokeObjectURL(photo.url);
      setPhoto({ ...taken, url: URL.createObjectURL(taken.blob) });
    } catch (err) {
      setPhotoError(err instanceof Error ? err.message : String(err));
    }
  }

  async function answer(ok: boolean) {
    await queueCk(staffId, {
      type: 'answerChecklistItem',
      checkId,
      checkItemId: it.id,
      passed: ok,
      note: '',
      photo: photo?.blob ?? null,
      capturedAt: photo?.capturedAt ?? null,
      place: photo?.place ?? null,
      summary: `${text} · ${ok ? c('item.pass') : c('item.fail')}`,
      occurredAt: nowIso(),
    });
    if (!ok && mode === 'inspect' && raise) {
      await queueCk(staffId, {
        type: 'raiseCorrectiveAction',
        checkId,
        checkItemId: it.id,
        assigneeId: subjectId,
        dueOn: due,
        description: description.trim() || c('fail.defaultDescription', { item: text }),
        summary: text,
        occurredAt: nowIso(),
      });
    }
    setFailing(false);
  }

  return (
    <li class={`ck-item${passed !== null && passed !== undefined ? ' done' : ''}`} aria-labelledby={titleId}>
      <div class="row">
        <h3 id={titleId}>{text}</h3>
        <span class="muted small">{c('item.weight', { weight: it.item.weight })}</span>
      </div>
      {it.item.photoRequired && passed == null && <p class="small muted">{c('item.photoRequired')}</p>}
      {passed === true && <p class="ck-result pass">{c('item.passed')}</p>}
      {passed === false && <p class="ck-result fail">{c('item.failed')}</p>}
      {it.note && <p class="small muted">{it.note}</p>}
      {it.photo && <img class="ck-thumb" src={it.photo.url} alt={c('item.photoAlt', { item: text })} width={64} height={64} />}
      {it.photo?.location && <span class="photo-place small">{c('item.photoPlace', { ...placeWords(it.photo.location) })}</span>}
      {it.correctiveAction && (
        <p class="small">
          {c('item.action', { status: c(`actions.status.${it.correctiveAction.status}`), due: formatDay(it.correctiveAction.dueOn, locale) })}
        </p>
      )}
      {it.item.automatic && it.passed == null && <p class="small muted">{c('item.automatic')}</p>}
      {!it.item.automatic && passed == null && (
        <>
          {it.item.photoRequired && (
            <div class="ck-photo">
              {photo && <img src={photo.url} alt={c('item.photoAlt', { item: text })} />}
              <label class="btn small" for={`photo-${it.id}`}>
                {photo ? c('item.retakePhoto') : c('item.takePhoto')}
              </label>
              <input
                id={`photo-${it.id}`}
                class="visually-hidden"
                type="file"
                accept="image/*"
                capture="environment"
                aria-label={c('item.photoLabel', { item: text })}
                onChange={(e) => void onPhoto(e)}
              />
              {photo && <span class="muted small">{c('item.photoReady', { width: photo.width, height: photo.height, size: formatBytes(photo.blob.size, locale) })}</span>}
            </div>
          )}
          {photoError && <p class="error" role="alert">{c('item.photoFailed', { message: photoError })}</p>}
          {needsPhoto && <p class="small muted">{c('item.photoFirst')}</p>}
          {!failing && (
            <div class="ck-answer">
              <button type="button" class="btn pass" disabled={needsPhoto} aria-label={c('item.passLabel', { item: text })} onClick={() => void answer(true)}>
                {c('item.pass')}
              </button>
              <button
                type="button"
                class="btn fail"
                disabled={needsPhoto}
                aria-label={c('item.failLabel', { item: text })}
                onClick={() => (mode === 'inspect' ? setFailing(true) : void answer(false))}
              >
                {c('item.fail')}
              </button>
            </div>
          )}
          {failing && (
            <div class="ck-fail" role="group" aria-label={c('fail.title', { item: text })}>
              <label class="ck-check">
                <input type="checkbox" checked={raise} onChange={(e) => setRaise((e.currentTarget as HTMLInputElement).checked)} />
                {c('fail.raise')}
              </label>
              {raise && (
                <>
                  <label for={`desc-${it.id}`}>{c('fail.description')}</label>
                  <textarea
                    id={`desc-${it.id}`}
                    rows={2}
                    placeholder={c('fail.defaultDescription', { item: text })}
                    value={description}
                    onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
                  />
                  <label for={`due-${it.id}`}>{c('fail.due')}</label>
                  <input id={`due-${it.id}`} type="date" min={localDay()} value={due} onInput={(e) => setDue((e.currentTarget as HTMLInputElement).value)} />
                </>
              )}
              <div class="actions">
                <button type="button" class="btn" onClick={() => setFailing(false)}>
                  {c('fail.cancel')}
                </button>
                <button type="button" class="btn primary" onClick={() => void answer(false)}>
                  {c('fail.confirm')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
      <QueuedState items={queued} />
    </li>
  );
}
