import { emailField } from '../email.js';
import { nicknameField } from '../schemas.js';

export type SocialProvider = 'kakao' | 'naver';

export const SOCIAL_PROVIDERS: readonly SocialProvider[] = ['kakao', 'naver'];

export const PROVIDER_NAMES: Record<SocialProvider, string> = { kakao: '카카오', naver: '네이버' };

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * What the app knows about a provider account, the same shape for every provider.
 * Accounts are keyed on (provider, providerUserId) only: an email never identifies one.
 */
export interface SocialProfile {
  provider: SocialProvider;
  providerUserId: string;
  /** Only an address the provider vouches for, normalised like a typed one. */
  email?: string;
  /** The provider's nickname, without Kakao's "미연동 계정" placeholder. */
  nickname?: string;
  /** The provider's profile response as received, kept on the SocialAccount. */
  raw: JsonObject;
}

/** Kakao's stand-in name for accounts never linked to KakaoTalk; never a real nickname. */
const KAKAO_PLACEHOLDER_NICKNAME = '미연동 계정';

/**
 * The one adapter from a provider's profile response (parsed JSON) to a SocialProfile.
 * Returns null when the response carries no usable account id, since such a profile
 * could never be linked safely.
 */
export function toSocialProfile(provider: SocialProvider, body: unknown): SocialProfile | null {
  if (!isObject(body)) return null;
  return provider === 'kakao' ? fromKakao(body) : fromNaver(body);
}

function fromKakao(raw: JsonObject): SocialProfile | null {
  const providerUserId = accountId(raw.id);
  if (!providerUserId) return null;
  const account = isObject(raw.kakao_account) ? raw.kakao_account : {};
  // Kakao reports unusable addresses (expired, or never verified) with these flags.
  const vouched = account.is_email_valid !== false && account.is_email_verified !== false;
  const profile = isObject(account.profile) ? account.profile : {};
  const properties = isObject(raw.properties) ? raw.properties : {};
  return withOptional({
    provider: 'kakao',
    providerUserId,
    email: vouched ? cleanEmail(account.email) : undefined,
    nickname: cleanNickname(profile.nickname) ?? cleanNickname(properties.nickname),
    raw,
  });
}

function fromNaver(raw: JsonObject): SocialProfile | null {
  const response = isObject(raw.response) ? raw.response : {};
  const providerUserId = accountId(response.id);
  if (!providerUserId) return null;
  return withOptional({
    provider: 'naver',
    providerUserId,
    email: cleanEmail(response.email),
    nickname: cleanNickname(response.nickname),
    raw,
  });
}

/**
 * A nickname the social signup form can offer as its default: the provider's nickname
 * with the characters our nickname rule refuses removed, or undefined when nothing
 * usable is left.
 */
export function suggestNickname(nickname: string | undefined): string | undefined {
  if (!nickname) return undefined;
  const cleaned = nickname.replace(/[^a-zA-Z0-9_가-힣 ]/g, '').replace(/\s+/g, ' ').trim().slice(0, 20).trim();
  const parsed = nicknameField.safeParse(cleaned);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The start of a generated username (login name, never typed by social users): the
 * nickname, else provider_id, reduced to what usernames allow and short enough to take
 * a "_xxxxxx" suffix within the 20-character limit.
 */
export function usernameBase(provider: SocialProvider, providerUserId: string, nickname: string | undefined): string {
  const clean = (value: string) => value.replace(/\s+/g, '_').replace(/[^a-zA-Z0-9_가-힣]/g, '').slice(0, 13);
  const fromNickname = nickname ? clean(nickname) : '';
  if (fromNickname.length >= 2) return fromNickname;
  return clean(`${provider}_${providerUserId}`);
}

function accountId(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 191) return value.trim();
  return undefined;
}

function cleanEmail(value: JsonValue | undefined): string | undefined {
  const parsed = emailField.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function cleanNickname(value: JsonValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === KAKAO_PLACEHOLDER_NICKNAME) return undefined;
  return trimmed;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined fields, so the profile stored in the session carries no empty keys. */
function withOptional(profile: SocialProfile): SocialProfile {
  const { email, nickname, ...rest } = profile;
  return { ...rest, ...(email ? { email } : {}), ...(nickname ? { nickname } : {}) };
}
