import { storedMentionSpans } from './mentions.js';

// A message's text as pages show it: mentions and web links marked, everything else plain.
// Pure functions, bundled into the browser client too, so the server-rendered page and
// live messages mark the same pieces.

/** A piece of a message's text: plain, a mention of member `userId`, or a link to `href`. */
export type TextPiece = { text: string; userId?: number; href?: string };

/** http(s) addresses and bare "www." ones, up to a space or a character no address holds. */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^]+/giu;
/** Punctuation that ends a sentence rather than the address ("보세요: https://a.kr/x."). */
const TRAILING = /[.,!?;:'"…。、)\]]+$/u;

/**
 * The text with its mentions (see storedMentionSpans) and its links. A link is only ever
 * http or https, so a message can never carry a `javascript:` or `data:` address.
 */
export function messageTextPieces(text: string, mentions: readonly number[], nameOf: (userId: number) => string | undefined): TextPiece[] {
  return storedMentionSpans(text, mentions, nameOf).flatMap((span) => (span.userId === undefined ? linkPieces(span.text) : [span]));
}

/** Plain text cut into plain pieces and links. */
export function linkPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(LINK)) {
    const address = trimAddress(match[0]);
    const href = safeHref(address);
    if (!href) continue;
    const at = match.index;
    if (at > plainFrom) pieces.push({ text: text.slice(plainFrom, at) });
    pieces.push({ text: address, href });
    plainFrom = at + address.length;
  }
  if (plainFrom < text.length) pieces.push({ text: text.slice(plainFrom) });
  return pieces;
}

/** Drops trailing punctuation, but keeps a closing parenthesis the address opened (위키 "a_(b)"). */
function trimAddress(address: string): string {
  let trimmed = address.replace(TRAILING, '');
  const opened = (trimmed.match(/\(/g) ?? []).length;
  const closed = (trimmed.match(/\)/g) ?? []).length;
  if (opened > closed && address.length > trimmed.length && address.charAt(trimmed.length) === ')') trimmed += ')';
  return trimmed;
}

function safeHref(address: string): string | null {
  try {
    const url = new URL(/^www\./i.test(address) ? `https://${address}` : address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
