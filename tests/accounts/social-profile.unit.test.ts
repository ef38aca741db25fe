import { describe, expect, it } from 'vitest';
import { toPending } from '../../src/accounts/social/pending.js';
import { suggestNickname, toSocialProfile, usernameBase } from '../../src/accounts/social/profile.js';

describe('toSocialProfile — Kakao', () => {
  it('maps id, email and the account profile nickname, keeping the raw body', () => {
    const body = {
      id: 1234567890,
      kakao_account: { email: ' Kim@Example.COM ', is_email_valid: true, is_email_verified: true, profile: { nickname: '김코딩' } },
      properties: { nickname: '옛 닉네임' },
    };
    expect(toSocialProfile('kakao', body)).toEqual({
      provider: 'kakao',
      providerUserId: '1234567890',
      email: 'kim@example.com',
      nickname: '김코딩',
      raw: body,
    });
  });

  it('falls back to properties.nickname, and leaves out what is missing', () => {
    const profile = toSocialProfile('kakao', { id: 7, properties: { nickname: '라이언' } });
    expect(profile).toEqual({ provider: 'kakao', providerUserId: '7', nickname: '라이언', raw: { id: 7, properties: { nickname: '라이언' } } });
    expect(profile).not.toHaveProperty('email');
  });

  it('never uses the "미연동 계정" placeholder or a blank name as a nickname', () => {
    expect(toSocialProfile('kakao', { id: 7, properties: { nickname: '미연동 계정' } })).not.toHaveProperty('nickname');
    expect(toSocialProfile('kakao', { id: 7, kakao_account: { profile: { nickname: '  ' } } })).not.toHaveProperty('nickname');
  });

  it('ignores an email Kakao marks invalid or unverified, and malformed addresses', () => {
    const withAccount = (kakao_account: object) => toSocialProfile('kakao', { id: 7, kakao_account });
    expect(withAccount({ email: 'a@example.com', is_email_valid: false, is_email_verified: true })).not.toHaveProperty('email');
    expect(withAccount({ email: 'a@example.com', is_email_valid: true, is_email_verified: false })).not.toHaveProperty('email');
    expect(withAccount({ email: 'not an email' })).not.toHaveProperty('email');
    expect(withAccount({ email: 'a@example.com' })).toHaveProperty('email', 'a@example.com');
  });

  it('refuses a body without a usable account id', () => {
    expect(toSocialProfile('kakao', { kakao_account: { email: 'a@example.com' } })).toBeNull();
    expect(toSocialProfile('kakao', { id: -1 })).toBeNull();
    expect(toSocialProfile('kakao', { id: 1.5 })).toBeNull();
    expect(toSocialProfile('kakao', null)).toBeNull();
    expect(toSocialProfile('kakao', [{ id: 1 }])).toBeNull();
  });
});

describe('toSocialProfile — Naver', () => {
  it('maps response.id, email and nickname', () => {
    const body = { resultcode: '00', message: 'success', response: { id: 'abc-DEF_123', email: 'Naver@Example.com', nickname: '네이버친구' } };
    expect(toSocialProfile('naver', body)).toEqual({
      provider: 'naver',
      providerUserId: 'abc-DEF_123',
      email: 'naver@example.com',
      nickname: '네이버친구',
      raw: body,
    });
  });

  it('tolerates missing email and nickname, and refuses a missing id', () => {
    expect(toSocialProfile('naver', { resultcode: '00', response: { id: 'x1' } })).toEqual({
      provider: 'naver',
      providerUserId: 'x1',
      raw: { resultcode: '00', response: { id: 'x1' } },
    });
    expect(toSocialProfile('naver', { resultcode: '00', response: { email: 'a@example.com' } })).toBeNull();
    expect(toSocialProfile('naver', { resultcode: '00', response: { id: '' } })).toBeNull();
    expect(toSocialProfile('naver', { resultcode: '00' })).toBeNull();
  });
});

describe('suggestNickname', () => {
  it('keeps a valid nickname and cleans one our rule would refuse', () => {
    expect(suggestNickname('김코딩')).toBe('김코딩');
    expect(suggestNickname('코딩 🍀 라인!')).toBe('코딩 라인');
    expect(suggestNickname('가나다라마바사아자차카타파하가나다라마바사')).toHaveLength(20);
  });

  it('offers nothing when too little is left', () => {
    expect(suggestNickname(undefined)).toBeUndefined();
    expect(suggestNickname('🍀')).toBeUndefined();
    expect(suggestNickname('a')).toBeUndefined();
  });
});

describe('usernameBase', () => {
  it('derives a username from the nickname, short enough for a suffix', () => {
    expect(usernameBase('kakao', '1', '김 코딩')).toBe('김_코딩');
    expect(usernameBase('kakao', '1', 'a very long nickname here')).toHaveLength(13);
  });

  it('falls back to provider and id when the nickname gives too little', () => {
    expect(usernameBase('kakao', '12345', '!')).toBe('kakao_12345');
    expect(usernameBase('naver', 'ab-CD.ef', undefined)).toBe('naver_abCDef');
  });
});

describe('toPending', () => {
  it('keeps only what the signup page needs, with a usable nickname suggestion', () => {
    const profile = toSocialProfile('kakao', { id: 9, kakao_account: { profile: { nickname: '🍀' } } });
    expect(profile).not.toBeNull();
    expect(toPending(profile!)).toEqual({ provider: 'kakao', providerUserId: '9', raw: { id: 9, kakao_account: { profile: { nickname: '🍀' } } } });
  });
});
