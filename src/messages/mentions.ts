// Finding "@닉네임" in a chat message. Pure functions, bundled into the browser client too:
// the server decides who a message mentions, the page highlights the same spans.

/** Someone a message may mention: a member, by the name the room shows (display name, else username). */
export interface MentionCandidate {
  id: number;
  name: string;
}

/** A piece of a message's text: plain, or "@name" naming one member. */
export type MentionSpan = { text: string; userId?: number };

/**
 * A name ends where a Latin letter, digit or underscore cannot continue it: "@bob2" does
 * not mention "bob". Korean particles may follow ("@민지야", "@민지님"), as people type them.
 * Nor does an "@" right after one start a mention: "me@bob.com" is an address.
 */
const CONTINUES_NAME = /[\p{Script=Latin}\p{Nd}_]/u;

/**
 * The message cut into plain text and mentions. At each "@" the longest member name that
 * follows wins, so "@민수짱" mentions 민수짱 and not 민수 when both are members; names may
 * hold spaces ("@Kim Minsu"). Latin letters match without regard to case.
 */
export function mentionSpans(text: string, candidates: readonly MentionCandidate[]): MentionSpan[] {
  const names = candidates.filter((candidate) => candidate.name.length > 0).sort((a, b) => b.name.length - a.name.length);
  const lower = text.toLowerCase();
  // A few letters change length when lowered (İ): then positions would drift, so match case.
  const folded = lower.length === text.length ? lower : text;
  const spans: MentionSpan[] = [];
  let plainFrom = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && CONTINUES_NAME.test(text.charAt(at - 1))) continue;
    const match = names.find((candidate) => mentionsAt(folded, at + 1, candidate.name.toLowerCase()));
    if (!match) continue;
    if (at > plainFrom) spans.push({ text: text.slice(plainFrom, at) });
    const end = at + 1 + match.name.length;
    spans.push({ text: text.slice(at, end), userId: match.id });
    plainFrom = end;
    at = end - 1;
  }
  if (plainFrom < text.length) spans.push({ text: text.slice(plainFrom) });
  return spans;
}

/** The members a message mentions, each once, in order of first mention; never its author. */
export function findMentions(text: string, candidates: readonly MentionCandidate[], authorId: number): number[] {
  if (!text.includes('@')) return [];
  const ids = mentionSpans(text, candidates).flatMap((span) => (span.userId === undefined || span.userId === authorId ? [] : [span.userId]));
  return [...new Set(ids)];
}

function mentionsAt(folded: string, start: number, name: string): boolean {
  if (!folded.startsWith(name, start)) return false;
  const next = folded.charAt(start + name.length);
  return next === '' || !CONTINUES_NAME.test(next);
}

/**
 * A stored message's text cut at the mentions it was stored with, each member named as the
 * room shows them now (`nameOf`); someone no longer listed stays plain text.
 */
export function storedMentionSpans(text: string, mentions: readonly number[], nameOf: (userId: number) => string | undefined): MentionSpan[] {
  const candidates = mentions.flatMap((id) => {
    const name = nameOf(id);
    return name ? [{ id, name }] : [];
  });
  return candidates.length > 0 ? mentionSpans(text, candidates) : [{ text }];
}
