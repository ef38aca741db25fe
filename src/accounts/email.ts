import { z } from 'zod';

/** RFC 5321's limit on a forward path; the users.email column is as wide. */
export const EMAIL_MAX_LENGTH = 254;

/**
 * The one spelling of an address: trimmed, Unicode NFKC (full-width "ＶＩＣＴＩＭ" becomes
 * "VICTIM"), lower-cased. Sign-up, login and social profiles all store, look up and key
 * rate limits on this form, so spellings the database collation (utf8mb4_unicode_ci)
 * treats as one address cannot open separate login counters.
 */
export function canonicalEmail(value: string): string {
  return value.trim().normalize('NFKC').toLowerCase();
}

/**
 * An email field: canonicalised, then validated strictly. Only ASCII addresses are
 * accepted: after canonicalisation every remaining non-ASCII letter ("vìctim") would be
 * equal to an ASCII one for the database but not for our counters, so such addresses are
 * refused outright, with a message saying why.
 */
export const emailField = z
  .string({ error: '이메일을 입력해 주세요.' })
  .transform(canonicalEmail)
  .pipe(
    z
      .string()
      .min(1, '이메일을 입력해 주세요.')
      .max(EMAIL_MAX_LENGTH, '이메일이 너무 깁니다.')
      .regex(/^[\x20-\x7e]*$/, '이메일 주소는 영문, 숫자와 기호로만 입력해 주세요. (한글이나 악센트가 있는 글자가 들어간 주소는 쓸 수 없습니다.)')
      .pipe(z.email({ error: '올바른 이메일 주소를 입력해 주세요.' })),
  );
