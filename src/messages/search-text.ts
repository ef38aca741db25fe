// How message text becomes searchable: one normalisation (NFKC, lower case, whitespace runs
// as one space) for stored text and queries alike, and the grams the index keeps per message.
// Pure functions, shared by the server (index, verification) and the browser (highlighting).

/** Letters, digits and combining marks make words; everything else separates them. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const SPACES = /\s+/gu;

/**
 * The form text is compared in: NFKC (full-width "ＡＢＣ１" is "ABC1", "ﬁ" is "fi"), lower
 * case, every run of whitespace one space, trimmed. A message matches a query when its
 * normalised text contains the normalised query.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(SPACES, ' ').trim();
}

/** Whether a query has anything the index can look up: at least one letter or digit. */
export function isSearchable(query: string): boolean {
  return WORD_CHARACTER.test(normalizeForSearch(query));
}

/**
 * A character as 16 bits: itself in the Basic Multilingual Plane; letters beyond it are
 * folded into the private-use range, which holds no letters, so they only collide with each
 * other (a collision costs a candidate that the verification drops, never a missed hit).
 */
const code16 = (character: string) => {
  const point = character.codePointAt(0) ?? 0;
  return point <= 0xffff ? point : 0xe000 + (point % 0x1900);
};

/**
 * A gram as one signed 32-bit integer (the column is an INT): a pair of characters is
 * `first << 16 | second`, a single character `first << 16` (no word character is U+0000, so
 * the two never meet). Integers need no collation: "ß" and "ss", or "é" and "e", equal under
 * the database's utf8mb4 collations, stay apart, and MySQL 8 and MariaDB compare them alike.
 */
const gram = (first: string, second: string | null) => ((code16(first) << 16) | (second === null ? 0 : code16(second))) | 0;

/**
 * The grams a message is indexed under, distinct: every character of every word on its own
 * (so one-character queries use the index too), and every pair of neighbours inside a word.
 * Pairs never span a space or punctuation: a query's pairs come from its own words, and
 * the verification checks the separators.
 */
export function messageGrams(text: string): number[] {
  const grams = new Set<number>();
  for (const [word] of normalizeForSearch(text).matchAll(WORD)) {
    const characters = [...word];
    characters.forEach((character, index) => {
      grams.add(gram(character, null));
      const next = characters[index + 1];
      if (next !== undefined) grams.add(gram(character, next));
    });
  }
  return [...grams];
}

/**
 * The grams a query looks up, distinct: the pairs of each word of two or more characters,
 * and a one-character word itself. Every message containing the query has all of them.
 */
export function queryGrams(query: string): number[] {
  const grams = new Set<number>();
  for (const [word] of normalizeForSearch(query).matchAll(WORD)) {
    const characters = [...word];
    if (characters.length === 1) grams.add(gram(word, null));
    for (let index = 0; index + 1 < characters.length; index += 1) grams.add(gram(characters[index] ?? '', characters[index + 1] ?? null));
  }
  return [...grams];
}

/**
 * Where the query occurs in `text` as shown (UTF-16 [start, end) ranges, in order, not
 * overlapping), compared in the normalised form: for highlighting. Each character is
 * normalised on its own here, so a rare match that only whole-text normalisation makes
 * (decomposed Hangul jamo) is not highlighted; the message still is a result.
 */
export function matchRanges(text: string, query: string): [number, number][] {
  const needle = normalizeForSearch(query);
  if (needle === '') return [];
  let normalized = '';
  // origin[i]: where in `text` the character that produced normalized[i] starts and ends.
  const origin: [number, number][] = [];
  let offset = 0;
  for (const character of text) {
    const start = offset;
    offset += character.length;
    const piece = /\s/u.test(character) ? (normalized.endsWith(' ') ? '' : ' ') : character.normalize('NFKC').toLowerCase();
    for (let index = 0; index < piece.length; index += 1) origin.push([start, offset]);
    normalized += piece;
  }
  const ranges: [number, number][] = [];
  for (let at = normalized.indexOf(needle); at !== -1; at = normalized.indexOf(needle, at + needle.length)) {
    const start = origin[at]?.[0] ?? 0;
    const end = origin[at + needle.length - 1]?.[1] ?? start;
    const previous = ranges.at(-1);
    if (previous && start < previous[1]) continue;
    ranges.push([start, end]);
  }
  return ranges;
}
