import { randomBytes } from 'node:crypto';

/** `rooms.slug` is VARCHAR(191) (characters, not bytes, in utf8mb4). */
export const SLUG_COLUMN_LENGTH = 191;
/** Slugs are cut to this many characters before a suffix, to keep URLs readable. */
export const SLUG_BASE_MAX_LENGTH = 80;
/** Used when nothing sluggable is left of the name (only emoji or punctuation). */
export const FALLBACK_SLUG = 'room';

// Characters that separate words: they become one hyphen. Every other character that is
// not a letter, a combining mark or a digit (punctuation, symbols, emoji) is dropped.
const SEPARATORS = /[\s\-_/\\|.,·:;]+/gu;
const NOT_SLUG_CHARACTER = /[^\p{L}\p{M}\p{N}-]/gu;

/**
 * Turns a room name into the URL part of `/rooms/<slug>/`, keeping Korean (and any other
 * script's) letters so Korean users read their room's address: "파이썬 스터디" →
 * "파이썬-스터디". NFKC folds full-width latin and circled digits to plain ones first.
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(SEPARATORS, '-')
    .replace(NOT_SLUG_CHARACTER, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = trimTrailingHyphens(takeCharacters(slug, SLUG_BASE_MAX_LENGTH));
  return cut === '' ? FALLBACK_SLUG : cut;
}

/** `base-suffix`, shortening `base` when needed so the result always fits the column. */
export function withSuffix(base: string, suffix: string | number): string {
  const tail = `-${suffix}`;
  const room = SLUG_COLUMN_LENGTH - [...tail].length;
  return trimTrailingHyphens(takeCharacters(base, room)) + tail;
}

/**
 * The next numeric suffix for `base` given slugs already taken ("a", "a-2" → 3), so a
 * collision is resolved in one more try instead of one try per existing room.
 */
export function nextNumericSuffix(base: string, takenSlugs: readonly string[]): number {
  const prefix = `${base}-`;
  let highest = 1;
  for (const slug of takenSlugs) {
    if (!slug.startsWith(prefix)) continue;
    const rest = slug.slice(prefix.length);
    if (!/^\d{1,9}$/.test(rest)) continue;
    highest = Math.max(highest, Number(rest));
  }
  return highest + 1;
}

/** Six random base-36 characters: the last resort when numbered slugs keep colliding. */
export function randomSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function takeCharacters(value: string, count: number): string {
  return [...value].slice(0, count).join('');
}

function trimTrailingHyphens(value: string): string {
  return value.replace(/-+$/, '');
}
