import { describe, expect, it } from 'vitest';
import { createRoomSchema, createRoomSchemaFor, enterRoomSchema, historyQuerySchema, homeQuerySchema, moderationSchema, noticeSchema, roomSettingsSchemaFor } from '../../src/collab/schemas.js';

/** The Korean message zod gives for `field`, or undefined when the input is valid. */
function errorFor(input: Record<string, unknown>, field: string): string | undefined {
  const result = createRoomSchema.safeParse(input);
  if (result.success) return undefined;
  return result.error.issues.find((issue) => issue.path[0] === field)?.message;
}

describe('createRoomSchema', () => {
  it('reads a minimal form with defaults', () => {
    expect(createRoomSchema.parse({ name: '  파이썬 스터디 ', _csrf: 'token' })).toEqual({
      name: '파이썬 스터디',
      topic: '',
      capacity: 10,
      password: null,
      isPrivate: false,
      tags: [],
    });
  });

  it('reads a full form where everything is a string', () => {
    expect(createRoomSchema.parse({ name: '방', topic: ' 매주 화요일 ', capacity: ' 25 ', password: '비밀번호', is_private: 'on' })).toEqual({
      name: '방',
      topic: '매주 화요일',
      capacity: 25,
      password: '비밀번호',
      isPrivate: true,
      tags: [],
    });
  });

  it('names the field and says what is wrong, in Korean', () => {
    expect(errorFor({}, 'name')).toBe('방 이름을 입력해 주세요.');
    expect(errorFor({ name: '   ' }, 'name')).toBe('방 이름을 입력해 주세요.');
    expect(errorFor({ name: '가'.repeat(51) }, 'name')).toBe('방 이름은 50자 이하로 입력해 주세요.');
    expect(errorFor({ name: '가'.repeat(50) }, 'name')).toBeUndefined();
    expect(errorFor({ name: '😀'.repeat(50) }, 'name')).toBeUndefined();
    expect(errorFor({ name: 'a\u0000b' }, 'name')).toBe('방 이름에 사용할 수 없는 문자가 있습니다.');
    expect(errorFor({ name: 'a', topic: '가'.repeat(201) }, 'topic')).toBe('주제는 200자 이하로 입력해 주세요.');
    expect(errorFor({ name: 'a', topic: '가'.repeat(200) }, 'topic')).toBeUndefined();
  });

  it('accepts capacities from 2 to the maximum (ROOM_CAPACITY_MAX, default 1000), as numbers or strings; blank means the default', () => {
    const capacity = (value: unknown) => createRoomSchema.safeParse({ name: 'a', capacity: value });
    expect(capacity('2').data?.capacity).toBe(2);
    expect(capacity(1000).data?.capacity).toBe(1000);
    expect(capacity('').data?.capacity).toBe(10);
    const message = '정원은 2명에서 1000명 사이의 정수로 입력해 주세요.';
    for (const bad of ['1', 1001, '3.5', 'abc', '1e9', -5, true, [3]]) {
      expect(errorFor({ name: 'a', capacity: bad }, 'capacity'), String(bad)).toBe(message);
    }
    const smaller = createRoomSchemaFor(100);
    expect(smaller.safeParse({ name: 'a', capacity: 100 }).data?.capacity).toBe(100);
    expect(smaller.safeParse({ name: 'a', capacity: 101 }).error?.issues[0]?.message).toBe('정원은 2명에서 100명 사이의 정수로 입력해 주세요.');
  });

  it('treats an empty password as none and refuses short or over-72-byte ones', () => {
    const password = (value: unknown) => createRoomSchema.safeParse({ name: 'a', password: value });
    expect(password('').data?.password).toBeNull();
    expect(password(null).data?.password).toBeNull();
    expect(password('abcd').data?.password).toBe('abcd');
    expect(errorFor({ name: 'a', password: 'abc' }, 'password')).toBe('비밀번호는 4자 이상으로 입력해 주세요.');
    // 72 bytes: 72 latin letters, or 24 Hangul syllables (3 bytes each).
    expect(password('a'.repeat(72)).success).toBe(true);
    expect(password('가'.repeat(24)).success).toBe(true);
    expect(errorFor({ name: 'a', password: 'a'.repeat(73) }, 'password')).toMatch(/^비밀번호가 너무 깁니다/);
    expect(errorFor({ name: 'a', password: '가'.repeat(25) }, 'password')).toMatch(/^비밀번호가 너무 깁니다/);
  });

  it('reads is_private like a checkbox', () => {
    const isPrivate = (value: unknown) => createRoomSchema.safeParse({ name: 'a', is_private: value }).data?.isPrivate;
    for (const on of ['on', 'true', '1', 'TRUE', true]) expect(isPrivate(on), String(on)).toBe(true);
    for (const off of [undefined, null, '', 'off', 'false', '0', false]) expect(isPrivate(off), String(off)).toBe(false);
    expect(errorFor({ name: 'a', is_private: 'maybe' }, 'is_private')).toBe('비공개 여부 값이 올바르지 않습니다.');
  });
});

describe('other collab schemas', () => {
  it('moderation: user_id as a positive integer, number or string', () => {
    expect(moderationSchema.parse({ user_id: '42' })).toEqual({ userId: 42 });
    expect(moderationSchema.parse({ user_id: 7 })).toEqual({ userId: 7 });
    for (const bad of [undefined, '', 'abc', '0', -1, 1.5, '1; DROP', 2 ** 31]) {
      const result = moderationSchema.safeParse({ user_id: bad });
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('사용자 ID가 올바르지 않습니다.');
    }
  });

  it('enter: a missing password is an empty one', () => {
    expect(enterRoomSchema.parse({})).toEqual({ password: '' });
    expect(enterRoomSchema.parse({ password: 'pw' })).toEqual({ password: 'pw' });
  });

  it('history: before is optional and positive', () => {
    expect(historyQuerySchema.parse({})).toEqual({ before: undefined });
    expect(historyQuerySchema.parse({ before: '' })).toEqual({ before: undefined });
    expect(historyQuerySchema.parse({ before: '120' })).toEqual({ before: 120 });
    expect(historyQuerySchema.safeParse({ before: 'x' }).success).toBe(false);
  });

  it('home: q is trimmed and blank means no search', () => {
    expect(homeQuerySchema.parse({ q: '  파이썬 ' })).toEqual({ q: '파이썬' });
    expect(homeQuerySchema.parse({ q: '   ' })).toEqual({ q: undefined });
    expect(homeQuerySchema.safeParse({ q: '가'.repeat(51) }).success).toBe(false);
  });
});

describe('tags', () => {
  const tagsOf = (tags: unknown) => createRoomSchema.safeParse({ name: '방', tags });

  it('reads a form text separated by spaces or commas, or a JSON array; # optional; repeats dropped', () => {
    expect(tagsOf(' #스터디, 파이썬  #코딩테스트,,').data?.tags).toEqual(['스터디', '파이썬', '코딩테스트']);
    expect(tagsOf(['#Python', 'python', '알고리즘']).data?.tags).toEqual(['Python', '알고리즘']);
    expect(tagsOf('').data?.tags).toEqual([]);
    expect(tagsOf(null).data?.tags).toEqual([]);
  });

  it('refuses more than five, long ones, bad characters and non-strings, in Korean', () => {
    expect(errorFor({ name: '방', tags: '가 나 다 라 마 바' }, 'tags')).toBe('태그는 5개까지 달 수 있습니다.');
    expect(errorFor({ name: '방', tags: '가'.repeat(21) }, 'tags')).toBe('태그는 하나에 20자 이하로 입력해 주세요.');
    expect(errorFor({ name: '방', tags: ['가#나'] }, 'tags')).toBe('태그에 사용할 수 없는 문자가 있습니다.');
    expect(errorFor({ name: '방', tags: [3] }, 'tags')).toBe('태그는 글자로 입력해 주세요.');
    expect(errorFor({ name: '방', tags: { a: 1 } }, 'tags')).toBe('태그 형식이 올바르지 않습니다.');
    expect(tagsOf('가'.repeat(20)).success).toBe(true);
  });

  it('reads ?tag= without its #', () => {
    expect(homeQuerySchema.parse({ tag: ' #스터디 ' })).toEqual({ q: undefined, tag: '스터디' });
    expect(homeQuerySchema.parse({ tag: '#' })).toEqual({ q: undefined, tag: undefined });
  });
});

describe('roomSettingsSchemaFor', () => {
  const settings = roomSettingsSchemaFor(100);

  it('keeps the password when blank, sets a new one, or removes it', () => {
    expect(settings.parse({ name: '방', capacity: '5', password: '' }).password).toBeUndefined();
    expect(settings.parse({ name: '방', password: '새비밀번호' }).password).toBe('새비밀번호');
    expect(settings.parse({ name: '방', password: '새비밀번호', remove_password: 'on' }).password).toBeNull();
  });

  it('validates like creation', () => {
    expect(settings.safeParse({ name: '', capacity: '5' }).success).toBe(false);
    expect(settings.safeParse({ name: '방', capacity: '101' }).success).toBe(false);
    expect(settings.safeParse({ name: '방', password: 'abc' }).success).toBe(false);
    expect(settings.parse({ name: ' 새 이름 ', topic: '주제', capacity: 7, is_private: true, tags: '#a b' })).toEqual({
      name: '새 이름',
      topic: '주제',
      capacity: 7,
      password: undefined,
      isPrivate: true,
      tags: ['a', 'b'],
    });
  });
});

describe('noticeSchema', () => {
  it('takes a message id or a text, exactly one', () => {
    expect(noticeSchema.parse({ message_id: '12' })).toEqual({ messageId: 12 });
    expect(noticeSchema.parse({ text: ' 공지 ' })).toEqual({ text: '공지' });
    expect(noticeSchema.safeParse({}).success).toBe(false);
    expect(noticeSchema.safeParse({ message_id: 1, text: '둘' }).success).toBe(false);
    expect(noticeSchema.safeParse({ text: '가'.repeat(501) }).success).toBe(false);
  });
});
