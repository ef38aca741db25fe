import { AppError } from './app-error.js';
import { durationText } from './duration-text.js';

// Every stable error code the product answers with, over HTTP and on sockets, with its
// status and Korean text. docs/protocol.md lists the same table (a test keeps them equal).

type Message<P> = string | ((params: P) => string);
interface Entry<P> {
  status: number;
  message: Message<P>;
}
const entry = <P = void>(status: number, message: Message<P>): Entry<P> => ({ status, message });

interface Seconds {
  seconds: number;
}
/** What a RATE_LIMITED answer says the user is doing too often. */
const TOO_OFTEN = {
  chat: '메시지를 너무 빨리 보내고 있습니다.',
  upload: '이미지를 너무 자주 올리고 있습니다.',
  signup: '이 네트워크에서 가입 요청이 너무 많습니다.',
  room: '채팅방을 너무 자주 만들고 있습니다.',
  /** Socket frames of any kind, over the per-socket rate. */
  frames: '요청을 너무 빠르게 보내고 있습니다.',
};
export type TooOften = keyof typeof TOO_OFTEN;

/** A wait in words: seconds under two minutes, else minutes (a sign-up window is an hour). */
const waitText = (seconds: number) => (seconds < 120 ? `${seconds}초` : `${Math.ceil(seconds / 60)}분`);

interface Provider {
  provider: string;
}

export const ERROR_CATALOGUE = {
  // Requests in general
  NOT_FOUND: entry(404, '페이지를 찾을 수 없습니다.'),
  BAD_REQUEST: entry(400, '요청 형식이 올바르지 않습니다.'),
  PAYLOAD_TOO_LARGE: entry(413, '요청이 너무 큽니다.'),
  VALIDATION_FAILED: entry<{ message: string }>(400, ({ message }) => message),
  CSRF_FAILED: entry(403, '보안 토큰이 없거나 만료되었습니다. 페이지를 새로고침한 뒤 다시 시도해 주세요.'),
  LOGIN_REQUIRED: entry(401, '로그인이 필요합니다.'),
  RATE_LIMITED: entry<Seconds & { doing: TooOften }>(429, ({ doing, seconds }) => `${TOO_OFTEN[doing]} ${waitText(seconds)} 후에 다시 시도해 주세요.`),
  NOT_READY: entry<{ failed: string }>(503, ({ failed }) => `준비되지 않았습니다: ${failed}`),
  INTERNAL: entry(500, '서버에 문제가 발생했습니다. 잠시 후 다시 시도해 주세요.'),

  // Accounts
  INVALID_CREDENTIALS: entry(400, '이메일 또는 비밀번호가 올바르지 않습니다.'),
  TOO_MANY_ATTEMPTS: entry<Seconds & { of: 'login' | 'room-password' }>(429, ({ of, seconds }) =>
    of === 'login' ? `로그인 시도가 너무 많습니다. ${Math.ceil(seconds / 60)}분 후에 다시 시도해 주세요.` : '비밀번호를 너무 많이 틀렸습니다. 잠시 후 다시 시도해 주세요.',
  ),
  EMAIL_TAKEN: entry<{ via: 'form' | 'social' }>(409, ({ via }) =>
    via === 'form'
      ? '이미 가입된 이메일입니다.'
      : // Linking silently would hand the account to whoever controls the provider account.
        '이 이메일로 이미 가입된 계정이 있습니다. 보안을 위해 소셜 계정을 자동으로 연결하지 않으니 이메일과 비밀번호로 로그인해 주세요. (계정 설정에서 소셜 계정을 연결하는 기능은 아직 준비 중입니다.)',
  ),
  USERNAME_TAKEN: entry<{ via: 'form' | 'social' }>(409, ({ via }) => (via === 'form' ? '이미 사용 중인 아이디입니다.' : '계정 아이디를 만들지 못했습니다. 다시 시도해 주세요.')),
  NICKNAME_TAKEN: entry(409, '이미 사용 중인 닉네임입니다.'),
  PROVIDER_DISABLED: entry<Provider>(404, ({ provider }) => `${provider} 로그인은 지금 사용할 수 없습니다.`),
  SOCIAL_CONSENT_DENIED: entry<Provider>(
    401,
    ({ provider }) => `${provider} 로그인이 취소되었습니다. 정보 제공에 동의해야 ${provider}로 로그인할 수 있습니다.`,
  ),
  OAUTH_STATE_INVALID: entry(403, '로그인 요청이 만료되었거나 올바르지 않습니다. 처음부터 다시 시도해 주세요.'),
  SOCIAL_LOGIN_FAILED: entry<Provider>(400, ({ provider }) => `${provider} 로그인에 실패했습니다. 다시 시도해 주세요.`),
  SOCIAL_PROVIDER_ERROR: entry<Provider>(502, ({ provider }) => `${provider} 서버와 통신하지 못했습니다. 잠시 후 다시 시도해 주세요.`),
  SOCIAL_PROFILE_INVALID: entry(502, '소셜 계정 정보를 읽지 못했습니다. 잠시 후 다시 시도해 주세요.'),

  // Rooms and moderation
  ROOM_NOT_FOUND: entry(404, '채팅방을 찾을 수 없습니다.'),
  BANNED: entry(403, '이 채팅방에서 강퇴되어 입장할 수 없습니다.'),
  NO_ACCESS: entry(403, '이 채팅방에 입장한 뒤 이용할 수 있습니다.'),
  ROOM_FULL: entry(403, '채팅방 정원이 가득 찼습니다.'),
  WRONG_PASSWORD: entry(400, '비밀번호가 올바르지 않습니다.'),
  NOT_OWNER: entry(403, '방장만 할 수 있는 작업입니다.'),
  MEMBER_NOT_FOUND: entry(404, '해당 사용자는 이 채팅방의 멤버가 아닙니다.'),
  INVALID_USER_ID: entry(400, '사용자 ID가 올바르지 않습니다.'),
  CANNOT_KICK_SELF: entry(400, '자기 자신은 강퇴할 수 없습니다.'),
  CANNOT_TRANSFER_TO_SELF: entry(400, '이미 방장입니다. 다른 멤버를 선택해 주세요.'),
  ALREADY_BANNED: entry(409, '이미 강퇴된 사용자입니다.'),
  NOT_BANNED: entry(409, '강퇴된 사용자가 아닙니다.'),
  TARGET_BANNED: entry(409, '강퇴된 사용자에게는 방장을 위임할 수 없습니다.'),
  OWNER_MUST_TRANSFER: entry(409, '방장은 다른 멤버에게 방장을 위임한 뒤 나갈 수 있습니다.'),
  CANNOT_MUTE_SELF: entry(400, '자기 자신의 채팅은 제한할 수 없습니다.'),
  NOT_MUTED: entry(409, '채팅이 제한된 사용자가 아닙니다.'),
  MUTED: entry<Seconds>(403, ({ seconds }) => `방장이 채팅을 제한했습니다. ${durationText(seconds)} 후에 다시 쓸 수 있습니다.`),
  INVITE_INVALID: entry(404, '초대 링크가 올바르지 않거나 더 이상 쓸 수 없습니다. 방장에게 새 링크를 받아 주세요.'),
  FORBIDDEN: entry<{ why: 'owner-only' | 'staff-target' }>(403, ({ why }) =>
    why === 'owner-only' ? '부방장은 할 수 없는 작업입니다. 방장만 할 수 있습니다.' : '방장이나 다른 부방장에게는 할 수 없는 작업입니다.',
  ),
  CANNOT_APPOINT_SELF: entry(400, '방장은 부방장이 될 수 없습니다. 다른 멤버를 선택해 주세요.'),
  ALREADY_MODERATOR: entry(409, '이미 부방장입니다.'),
  NOT_MODERATOR: entry(409, '부방장이 아닙니다.'),
  MODERATOR_LIMIT: entry<{ max: number }>(409, ({ max }) => `부방장은 ${max}명까지 둘 수 있습니다.`),
  CAPACITY_BELOW_MEMBERS: entry<{ members: number }>(400, ({ members }) => `지금 멤버가 ${members}명이라 정원을 그보다 적게 줄일 수 없습니다.`),
  NOTICE_NO_TEXT: entry(400, '글이 있는 메시지만 공지로 올릴 수 있습니다.'),
  SLUG_UNAVAILABLE: entry(503, '채팅방 주소를 만들지 못했습니다. 잠시 후 다시 시도해 주세요.'),

  // Messages
  MESSAGE_NOT_FOUND: entry(404, '메시지를 찾을 수 없습니다.'),
  NOT_AUTHOR: entry(403, '내가 보낸 메시지만 수정하거나 삭제할 수 있습니다.'),
  EDIT_WINDOW_PASSED: entry<{ minutes: number }>(403, ({ minutes }) => `보낸 지 ${minutes}분이 지난 메시지는 수정할 수 없습니다.`),
  BAD_EMOJI: entry<{ allowed: string }>(400, ({ allowed }) => `반응은 ${allowed} 중 하나만 쓸 수 있습니다.`),

  // Images
  NO_FILE: entry(400, '올릴 이미지를 선택해 주세요.'),
  BAD_UPLOAD: entry(400, '업로드 형식이 올바르지 않습니다. 이미지 한 장을 image 필드로 보내 주세요.'),
  FILE_TOO_LARGE: entry<{ megabytes: number }>(413, ({ megabytes }) => `이미지는 ${megabytes}MB 이하만 올릴 수 있습니다.`),
  IMAGE_TOO_LARGE: entry(413, '이미지 해상도가 너무 큽니다.'),
  TOO_MANY_FRAMES: entry<{ max: number }>(413, ({ max }) => `움직이는 이미지는 ${max}프레임 이하만 올릴 수 있습니다.`),
  UNSUPPORTED_IMAGE: entry(415, 'PNG, JPEG, GIF, WebP 이미지만 올릴 수 있습니다. 파일이 손상되지 않았는지도 확인해 주세요.'),

  // Notifications
  PUSH_DISABLED: entry(404, '이 서버에서는 푸시 알림을 쓸 수 없습니다.'),
  PUSH_ENDPOINT_REFUSED: entry(400, '지원하지 않는 푸시 서비스입니다.'),

  // Socket frames
  BAD_FRAME: entry(400, '텍스트(JSON) 메시지만 보낼 수 있습니다.'),
  BAD_JSON: entry(400, '메시지 형식이 올바르지 않습니다.'),
  UNKNOWN_ACTION: entry(400, '알 수 없는 요청입니다.'),
  BAD_MESSAGE: entry(400, '메시지는 문자열이어야 합니다.'),
  BAD_CLIENT_ID: entry(400, 'client_id는 64자 이하의 영문, 숫자, -, _ 이어야 합니다.'),
  MESSAGE_TOO_LONG: entry<{ max: number }>(400, ({ max }) => `메시지는 ${max}자를 넘을 수 없습니다.`),
};

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
type ParamsOf<C extends ErrorCode> = (typeof ERROR_CATALOGUE)[C] extends Entry<infer P> ? P : never;
type Details = Record<string, unknown>;

/**
 * The catalogue's error for `code`: `appError('ROOM_NOT_FOUND')`, or with the values its
 * message needs, `appError('RATE_LIMITED', { doing: '메시지 전송을', seconds: 3 })`.
 * `details` travel with it (a `field` to mark on a form, `retryAfterSeconds`).
 */
export function appError<C extends ErrorCode>(code: C, ...args: ParamsOf<C> extends void ? [params?: undefined, details?: Details] : [params: ParamsOf<C>, details?: Details]): AppError {
  const { status, message } = ERROR_CATALOGUE[code] as Entry<ParamsOf<C> | undefined>;
  const [params, details] = args;
  return new AppError(status, code, typeof message === 'string' ? message : message(params), details);
}

/** A muted member's refused chat, edit, reaction or upload; `until` in its details. */
export function muted(until: number, now = Date.now()): AppError {
  return appError('MUTED', { seconds: (until - now) / 1000 }, { until: new Date(until).toISOString() });
}

/** A 429 that also tells the client when to try again (Retry-After, `retryAfterSeconds`). */
export function rateLimited(doing: TooOften, seconds: number): AppError {
  return appError('RATE_LIMITED', { doing, seconds }, { retryAfterSeconds: seconds });
}
