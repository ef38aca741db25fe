import { appError } from '../errors/catalogue.js';
import { MAX_MESSAGE_LENGTH } from '../messages/limits.js';

/** multer's bound on a text field: the longest caption in 4-byte characters, and some room. */
export const CAPTION_FIELD_BYTES = MAX_MESSAGE_LENGTH * 4 + 1024;

/**
 * The upload's optional `caption` field, as chat text is taken: trimmed, at most as long
 * as a chat message (counted in characters, not UTF-16 units); blank is no caption.
 */
export function captionOf(body: unknown): string | null {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).caption : undefined;
  if (value === undefined) return null;
  if (typeof value !== 'string') throw appError('BAD_UPLOAD');
  const caption = value.trim();
  if ([...caption].length > MAX_MESSAGE_LENGTH) throw appError('MESSAGE_TOO_LONG', { max: MAX_MESSAGE_LENGTH });
  return caption === '' ? null : caption;
}
