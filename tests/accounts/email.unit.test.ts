import { describe, expect, it } from 'vitest';
import { canonicalEmail, emailField } from '../../src/accounts/email.js';

const parse = (value: unknown) => {
  const result = emailField.safeParse(value);
  return result.success ? { email: result.data } : { error: result.error.issues[0]?.message };
};

describe('canonicalEmail and emailField', () => {
  it.each([
    'victim@example.com',
    'VICTIM@example.com',
    '  Victim@Example.COM \t',
    'ＶＩＣＴＩＭ@ｅｘａｍｐｌｅ.ｃｏｍ', // full-width letters: NFKC makes them ASCII
    'victim＠example.com', // a full-width at sign
  ])('spells %s as victim@example.com', (value) => {
    expect(parse(value)).toEqual({ email: 'victim@example.com' });
  });

  it('folds the Kelvin sign like the letter K', () => {
    expect(canonicalEmail('\u212Aim@example.com')).toBe('kim@example.com');
  });

  it.each(['vìctim@example.com', 'victim@exämple.com', '사용자@example.com', 'İvan@example.com', 'victim@例え.jp'])(
    'refuses the non-ASCII address %s with a message saying why',
    (value) => {
      expect(parse(value).error).toMatch(/영문, 숫자와 기호로만/);
    },
  );

  it.each([
    ['', '이메일을 입력해 주세요.'],
    ['   ', '이메일을 입력해 주세요.'],
    [undefined, '이메일을 입력해 주세요.'],
    ['not-an-email', '올바른 이메일 주소를 입력해 주세요.'],
    ['a..b@example.com', '올바른 이메일 주소를 입력해 주세요.'],
    ['a@localhost', '올바른 이메일 주소를 입력해 주세요.'],
    ['a b@example.com', '올바른 이메일 주소를 입력해 주세요.'],
    [`${'a'.repeat(250)}@example.com`, '이메일이 너무 깁니다.'],
  ])('refuses %o: %s', (value, message) => {
    expect(parse(value).error).toBe(message);
  });

  it('keeps the plus and dot parts of an ordinary address', () => {
    expect(parse('First.Last+chat@Sub.Example.co.kr')).toEqual({ email: 'first.last+chat@sub.example.co.kr' });
  });
});
