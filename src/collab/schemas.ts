import { z } from 'zod';
import { isSearchable } from '../messages/search-text.js';

// Input schemas of the collab feature, shared by the HTTP layer (forms or JSON bodies,
// where every value may arrive as a string) and the services' tests. Messages are Korean
// and name the field the user has to fix.

export const ROOM_NAME_MAX = 50;
export const ROOM_TOPIC_MAX = 200;
export const CAPACITY_MIN = 2;
/** The largest room unless ROOM_CAPACITY_MAX says otherwise. */
export const CAPACITY_MAX_DEFAULT = 1000;
export const CAPACITY_DEFAULT = 10;
export const ROOM_PASSWORD_MIN = 4;
/** bcrypt ignores every byte after the 72nd, so a longer password would be weaker than it looks. */
export const ROOM_PASSWORD_MAX_BYTES = 72;
const MAX_INT = 2_147_483_647;

const characters = (value: string) => [...value].length;
const isBlank = (value: unknown) => value === undefined || value === null || value === '';
const CONTROL_CHARACTER = /\p{Cc}/u;

const name = z
  .string({ error: '방 이름을 입력해 주세요.' })
  .trim()
  .refine((value) => value.length > 0, { error: '방 이름을 입력해 주세요.' })
  .refine((value) => characters(value) <= ROOM_NAME_MAX, { error: `방 이름은 ${ROOM_NAME_MAX}자 이하로 입력해 주세요.` })
  .refine((value) => !CONTROL_CHARACTER.test(value), { error: '방 이름에 사용할 수 없는 문자가 있습니다.' });

const topic = z.preprocess(
  (value) => (isBlank(value) ? '' : value),
  z
    .string({ error: '주제를 글자로 입력해 주세요.' })
    .trim()
    .refine((value) => characters(value) <= ROOM_TOPIC_MAX, { error: `주제는 ${ROOM_TOPIC_MAX}자 이하로 입력해 주세요.` }),
);

/** A room capacity from CAPACITY_MIN to `max` (ROOM_CAPACITY_MAX), as a number or a string; blank: the default. */
function capacityUpTo(max: number) {
  const message = `정원은 ${CAPACITY_MIN}명에서 ${max}명 사이의 정수로 입력해 주세요.`;
  return z.preprocess(
    (value) => {
      if (typeof value === 'string') value = value.trim();
      if (isBlank(value)) return CAPACITY_DEFAULT;
      return typeof value === 'string' && Number.isFinite(Number(value)) ? Number(value) : value;
    },
    z.number({ error: message }).int({ error: message }).min(CAPACITY_MIN, { error: message }).max(max, { error: message }),
  );
}

const password = z.preprocess(
  (value) => (isBlank(value) ? undefined : value),
  z
    .string({ error: '비밀번호를 글자로 입력해 주세요.' })
    .refine((value) => characters(value) >= ROOM_PASSWORD_MIN, { error: `비밀번호는 ${ROOM_PASSWORD_MIN}자 이상으로 입력해 주세요.` })
    .refine((value) => Buffer.byteLength(value, 'utf8') <= ROOM_PASSWORD_MAX_BYTES, {
      error: `비밀번호가 너무 깁니다. ${ROOM_PASSWORD_MAX_BYTES}바이트(영문 ${ROOM_PASSWORD_MAX_BYTES}자, 한글 ${ROOM_PASSWORD_MAX_BYTES / 3}자) 이하로 입력해 주세요.`,
    })
    .optional(),
);

const TRUTHY = new Set(['on', 'true', '1', 'yes']);
const FALSY = new Set(['off', 'false', '0', 'no', '']);
/** An HTML checkbox: present as "on" when ticked, absent when not. */
const checkbox = z.preprocess(
  (value) => {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    if (TRUTHY.has(word)) return true;
    return FALSY.has(word) ? false : value;
  },
  z.boolean({ error: '비공개 여부 값이 올바르지 않습니다.' }),
);

/** `POST /rooms` body (form fields `name`, `topic`, `capacity`, `password`, `is_private`), rooms up to `capacityMax`. */
export function createRoomSchemaFor(capacityMax: number) {
  return z
    .object({ name, topic, capacity: capacityUpTo(capacityMax), password, is_private: checkbox })
    .transform((input) => ({
      name: input.name,
      topic: input.topic,
      capacity: input.capacity,
      password: input.password ?? null,
      isPrivate: input.is_private,
    }));
}

/** The same with the default maximum (tests, and callers without a configuration). */
export const createRoomSchema = createRoomSchemaFor(CAPACITY_MAX_DEFAULT);
export type CreateRoomInput = z.output<typeof createRoomSchema>;

/** `POST /rooms/<slug>/enter` body; a missing password is an empty one. `invite`: a private room's invitation token. */
export const enterRoomSchema = z.object({
  password: z.preprocess((value) => (isBlank(value) ? '' : value), z.string({ error: '비밀번호가 올바르지 않습니다.' })),
  invite: z.preprocess((value) => (isBlank(value) ? undefined : value), z.string({ error: '초대 링크가 올바르지 않습니다.' }).max(64).optional()),
});

/** A positive database id given as a number or a decimal string. */
export const positiveId = (message: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : value),
    z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(MAX_INT, { error: message }),
  );

/** Body of kick / unban / transfer: `user_id`. */
export const moderationSchema = z
  .object({ user_id: positiveId('사용자 ID가 올바르지 않습니다.') })
  .transform((input) => ({ userId: input.user_id }));

/** The longest mute: a week. */
export const MUTE_MINUTES_MAX = 7 * 24 * 60;

const muteMinutesError = `제한 시간은 1분에서 ${MUTE_MINUTES_MAX}분 사이의 정수로 입력해 주세요.`;

/** Body of mute: `user_id` and `minutes` (1 … MUTE_MINUTES_MAX). */
export const muteSchema = z
  .object({
    user_id: positiveId('사용자 ID가 올바르지 않습니다.'),
    minutes: z.preprocess(
      (value) => (typeof value === 'string' && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : value),
      z.number({ error: muteMinutesError }).int({ error: muteMinutesError }).min(1, { error: muteMinutesError }).max(MUTE_MINUTES_MAX, { error: muteMinutesError }),
    ),
  })
  .transform((input) => ({ userId: input.user_id, minutes: input.minutes }));

/** Body of `POST /rooms/<slug>/read/`: `id`, the newest message read. */
export const readSchema = z.object({ id: positiveId('메시지 ID가 올바르지 않습니다.') });

const optionalId = (message: string) => z.preprocess((value) => (isBlank(value) ? undefined : value), positiveId(message).optional());

/** `GET /rooms/<slug>/messages/?before=<id>`, or `?around=<id>` (a message with its neighbours); not both. */
export const historyQuerySchema = z
  .object({ before: optionalId('before 값이 올바르지 않습니다.'), around: optionalId('around 값이 올바르지 않습니다.') })
  .refine((query) => query.before === undefined || query.around === undefined, { error: 'before와 around는 함께 쓸 수 없습니다.', path: ['around'] });

export const SEARCH_QUERY_MAX = 100;

/** `GET /rooms/<slug>/search/?q=<text>&before=<id>`: q trimmed, 1–100 characters, with a letter or digit. */
export const searchQuerySchema = z.object({
  q: z
    .string({ error: '검색어를 입력해 주세요.' })
    .trim()
    .refine((value) => value.length > 0, { error: '검색어를 입력해 주세요.' })
    .refine((value) => characters(value) <= SEARCH_QUERY_MAX, { error: `검색어는 ${SEARCH_QUERY_MAX}자 이하로 입력해 주세요.` })
    .refine(isSearchable, { error: '검색어에 글자나 숫자를 넣어 주세요.' }),
  before: optionalId('before 값이 올바르지 않습니다.'),
});

/** Home page search: `?q=`, trimmed; blank means no search. */
export const homeQuerySchema = z.object({
  q: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
    z.string().max(ROOM_NAME_MAX, { error: `검색어는 ${ROOM_NAME_MAX}자 이하로 입력해 주세요.` }).optional(),
  ),
});

/** The services' own guard for ids that did not pass through a schema. */
export function isDatabaseId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_INT;
}
