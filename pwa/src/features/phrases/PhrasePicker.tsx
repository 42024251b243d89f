// The reply composer's standard phrases (话术): a button that opens them by situation, one
// tap inserting the text in the UI language, and a gentle suggestion when a reply opens
// with what the handbook forbids as a first answer. The phrase book comes from the cache
// when offline; the suggestion never stops the person sending.
import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import type { PhraseSituation } from '../../graphql/schema-types';
import { usePhrasesI18n, type PhrasesKey } from '../../i18n/phrases';
import { opensForbidden, replaceOpening } from './opening';
import { PhraseBookDocument, type PhraseFieldsFragment } from './phrases.generated';
import './phrases.css';

export type Phrase = PhraseFieldsFragment;

export const SITUATIONS: readonly PhraseSituation[] = ['GREETING', 'ASK_TO_WAIT', 'APOLOGY', 'THANKS', 'EXPLAIN_DELAY', 'CLOSING'];
/** What the suggestion offers instead of a forbidden opening. */
const ALTERNATIVES: readonly PhraseSituation[] = ['APOLOGY', 'ASK_TO_WAIT', 'EXPLAIN_DELAY'];

export const situationKey = (s: PhraseSituation) => `ph.situation.${s}` as PhrasesKey;

/** The caller's phrase book (active phrases), from the cache first. */
export function usePhraseBook() {
  const [{ data, fetching }] = useQuery({ query: PhraseBookDocument, variables: { includeRetired: false }, requestPolicy: 'cache-and-network' });
  return { book: data?.phraseBook ?? null, fetching };
}

export function phraseText(p: { textZh: string; textEn: string }, locale: string): string {
  return locale === 'en' ? p.textEn : p.textZh;
}

interface PickerProps {
  id: string;
  body: string;
  /** Called with the new body, the phrase it was built from and the text inserted. */
  onChange: (body: string, phraseId: string, text: string) => void;
}

/** The 话术 button and its panel; inserting appends the phrase to what is written. */
export function PhrasePicker({ id, body, onChange }: PickerProps) {
  const { pt, locale } = usePhrasesI18n();
  const [open, setOpen] = useState(false);
  const { book, fetching } = usePhraseBook();
  const phrases = (book?.phrases ?? []).filter((p) => p.active);
  return (
    <div class="ph-picker">
      <button
        type="button"
        class="btn ph-toggle"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
      >
        {pt('ph.button')}
      </button>
      {open && (
        <div id={`${id}-panel`} class="ph-panel" role="region" aria-label={pt('ph.title')}>
          {fetching && !book && <p class="muted small">{pt('ph.loading')}</p>}
          {book && phrases.length === 0 && <p class="muted small">{pt('ph.none')}</p>}
          {SITUATIONS.map((s) => {
            const group = phrases.filter((p) => p.situation === s);
            if (group.length === 0) return null;
            return (
              <section key={s} aria-label={pt(situationKey(s))}>
                <h3 class="ph-situation">{pt(situationKey(s))}</h3>
                {group.map((p) => (
                  <button
                    key={p.id}
                    type="button"
                    class="ph-phrase"
                    onClick={() => {
                      const text = phraseText(p, locale);
                      onChange(body.trim() ? `${body}${text}` : text, p.id, text);
                      setOpen(false);
                    }}
                  >
                    {phraseText(p, locale)}
                  </button>
                ))}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** The gentle suggestion shown while a reply opens with a forbidden phrase. */
export function ReplyAdvice({ body, onChange }: { body: string; onChange: (body: string, phraseId: string, text: string) => void }) {
  const { pt, locale } = usePhrasesI18n();
  const { book } = usePhraseBook();
  if (!book) return null;
  const opening = opensForbidden(body, book.forbiddenOpenings, book.politeOpenings);
  if (!opening) return null;
  const shown = body.trimStart().slice(0, opening.length);
  const alternatives = ALTERNATIVES.map((s) => book.phrases.find((p) => p.active && p.situation === s)).filter((p): p is Phrase => !!p);
  return (
    <div class="ph-advice" role="status">
      <p class="small">{pt('ph.advice', { opening: shown })}</p>
      {alternatives.map((p) => (
        <button key={p.id} type="button" class="ph-phrase" onClick={() => onChange(replaceOpening(body, opening, phraseText(p, locale)), p.id, phraseText(p, locale))}>
          {pt('ph.adviceUse', { text: phraseText(p, locale) })}
        </button>
      ))}
      <p class="small muted">{pt('ph.adviceStill')}</p>
    </div>
  );
}
