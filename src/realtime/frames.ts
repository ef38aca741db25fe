import type { RawData } from 'ws';

export const MAX_CHAT_LENGTH = 2000;
const CLIENT_ID = /^[\w-]{1,64}$/;

export type ClientFrame =
  | { action: 'chat'; message: string; clientId: string | null }
  | { action: 'typing' }
  | { action: 'invalid'; code: string; message: string }
  | { action: 'ignore' };

const invalid = (code: string, message: string): ClientFrame => ({ action: 'invalid', code, message });

/** Parses one client frame; never throws: bad input becomes an `invalid` frame with a code. */
export function parseFrame(data: RawData, isBinary: boolean): ClientFrame {
  if (isBinary) return invalid('BAD_FRAME', '텍스트(JSON) 메시지만 보낼 수 있습니다.');
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return invalid('BAD_JSON', '메시지 형식이 올바르지 않습니다.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('BAD_JSON', '메시지 형식이 올바르지 않습니다.');
  const frame = value as Record<string, unknown>;
  switch (frame.action) {
    case 'typing':
      return { action: 'typing' };
    case 'chat':
      return chatFrame(frame);
    default:
      return invalid('UNKNOWN_ACTION', '알 수 없는 요청입니다.');
  }
}

function chatFrame(frame: Record<string, unknown>): ClientFrame {
  if (typeof frame.message !== 'string') return invalid('BAD_MESSAGE', '메시지는 문자열이어야 합니다.');
  const clientId = frame.client_id ?? null;
  if (clientId !== null && (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))) {
    return invalid('BAD_CLIENT_ID', 'client_id는 64자 이하의 영문, 숫자, -, _ 이어야 합니다.');
  }
  const message = frame.message.trim();
  if (message === '') return { action: 'ignore' };
  if ([...message].length > MAX_CHAT_LENGTH) return invalid('MESSAGE_TOO_LONG', `메시지는 ${MAX_CHAT_LENGTH}자를 넘을 수 없습니다.`);
  return { action: 'chat', message, clientId };
}
