import type { RawData } from 'ws';
import type { AppError } from '../errors/app-error.js';
import { REACTION_EMOJI } from '../bus/events.js';
import { appError } from '../errors/catalogue.js';
import { MAX_MESSAGE_LENGTH } from '../messages/limits.js';

export const MAX_CHAT_LENGTH = MAX_MESSAGE_LENGTH;
const CLIENT_ID = /^[\w-]{1,64}$/;

/** A client frame as the server understands it; bad input is `invalid` with its error. */
export type ParsedFrame =
  | { action: 'chat'; message: string; clientId: string | null; replyTo: number | null }
  | { action: 'typing' }
  | { action: 'edit'; id: number; message: string }
  | { action: 'delete'; id: number }
  | { action: 'react'; id: number; emoji: string }
  | { action: 'read'; id: number }
  | { action: 'invalid'; error: AppError }
  | { action: 'ignore' };

const invalid = (error: AppError): ParsedFrame => ({ action: 'invalid', error });

/** Parses one client frame; never throws. */
export function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  if (isBinary) return invalid(appError('BAD_FRAME'));
  let value: unknown;
  try {
    value = JSON.parse(textOf(data));
  } catch {
    return invalid(appError('BAD_JSON'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid(appError('BAD_JSON'));
  const frame = value as Record<string, unknown>;
  switch (frame.action) {
    case 'typing':
      return { action: 'typing' };
    case 'chat':
      return chatFrame(frame);
    case 'edit':
      return withId(frame, (id) => {
        const text = messageText(frame);
        return 'error' in text ? invalid(text.error) : text.message === '' ? invalid(appError('BAD_MESSAGE')) : { action: 'edit', id, message: text.message };
      });
    case 'delete':
      return withId(frame, (id) => ({ action: 'delete', id }));
    case 'react':
      return withId(frame, (id) => (typeof frame.emoji === 'string' ? { action: 'react', id, emoji: frame.emoji } : invalid(appError('BAD_EMOJI', { allowed: REACTION_EMOJI.join(' ') }))));
    case 'read':
      return withId(frame, (id) => ({ action: 'read', id }));
    default:
      return invalid(appError('UNKNOWN_ACTION'));
  }
}

/** ws hands over a Buffer, or its fragments, or an ArrayBuffer, depending on binaryType. */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function chatFrame(frame: Record<string, unknown>): ParsedFrame {
  const text = messageText(frame);
  if ('error' in text) return invalid(text.error);
  const clientId = frame.client_id ?? null;
  if (clientId !== null && (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))) return invalid(appError('BAD_CLIENT_ID'));
  const replyTo = frame.reply_to ?? null;
  if (replyTo !== null && !isMessageId(replyTo)) return invalid(appError('MESSAGE_NOT_FOUND'));
  if (text.message === '') return { action: 'ignore' };
  return { action: 'chat', message: text.message, clientId, replyTo };
}

/** The frame's `message`, trimmed and within the length limit. */
function messageText(frame: Record<string, unknown>): { message: string } | { error: AppError } {
  if (typeof frame.message !== 'string') return { error: appError('BAD_MESSAGE') };
  const message = frame.message.trim();
  if ([...message].length > MAX_CHAT_LENGTH) return { error: appError('MESSAGE_TOO_LONG', { max: MAX_CHAT_LENGTH }) };
  return { message };
}

/** A frame about one stored message: `id` must be a message id. */
function withId(frame: Record<string, unknown>, parse: (id: number) => ParsedFrame): ParsedFrame {
  const { id } = frame;
  if (!isMessageId(id)) return invalid(appError('MESSAGE_NOT_FOUND'));
  return parse(id);
}

const isMessageId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
