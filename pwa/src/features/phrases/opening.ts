// The handbook forbids 不行 / 没办法 / 不知道 … as a first answer. The server ships the list
// (phraseBook.forbiddenOpenings) and the phone checks each reply against it, offline too;
// this is the same rule as phrase.OpensForbidden in Go, run on the same test vectors
// (internal/phrase/testdata/openings.json).

const LEADING = /^[\p{P}\p{S}\p{Z}\s]+/u;
const ASCII = /^[\x20-\x7e]*$/;
const WORD = /^[\p{L}\p{N}]/u;

function normalise(reply: string): string {
  return reply.replace(LEADING, '').replaceAll('’', "'").toLowerCase();
}

/** The forbidden opening reply starts with (after white space, punctuation and symbols), or null. */
export function opensForbidden(reply: string, forbidden: readonly string[], polite: readonly string[]): string | null {
  const s = normalise(reply);
  if (polite.some((p) => s.startsWith(p))) return null;
  for (const f of forbidden) {
    if (!s.startsWith(f)) continue;
    if (ASCII.test(f) && WORD.test(s.slice(f.length))) continue;
    return f;
  }
  return null;
}

/** reply with its forbidden opening (and the punctuation after it) replaced by phrase. */
export function replaceOpening(reply: string, opening: string, phrase: string): string {
  const rest = reply.replace(LEADING, '').slice(opening.length).replace(LEADING, '');
  return phrase + rest;
}
