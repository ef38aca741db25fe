import type { RawData } from 'ws';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';

export const MAX_CHAT_LENGTH = 2000;
const CLIENT_ID = /^[\w-]{1,64}$/;

/** A client frame as the server understands it; bad input is `invalid` with its error. */
export type ParsedFrame =
  | { action: 'chat'; message: string; clientId: string | null }
  | { action: 'typing' }
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
  if (typeof frame.message !== 'string') return invalid(appError('BAD_MESSAGE'));
  const clientId = frame.client_id ?? null;
  if (clientId !== null && (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))) return invalid(appError('BAD_CLIENT_ID'));
  const message = frame.message.trim();
  if (message === '') return { action: 'ignore' };
  if ([...message].length > MAX_CHAT_LENGTH) return invalid(appError('MESSAGE_TOO_LONG', { max: MAX_CHAT_LENGTH }));
  return { action: 'chat', message, clientId };
}
