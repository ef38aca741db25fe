import { z } from 'zod';
import { emailField } from './email.js';

/** bcrypt reads only the first 72 bytes; longer passwords are refused, not truncated. */
export const BCRYPT_MAX_BYTES = 72;

export const usernameField = z
  .string({ error: '아이디를 입력해 주세요.' })
  .trim()
  .min(2, '아이디는 2자 이상이어야 합니다.')
  .max(20, '아이디는 20자를 넘을 수 없습니다.')
  .regex(/^[a-zA-Z0-9_가-힣]+$/, '아이디는 한글, 영문, 숫자, 밑줄(_)만 쓸 수 있습니다.');

export const nicknameField = z
  .string({ error: '닉네임을 입력해 주세요.' })
  .trim()
  .min(2, '닉네임은 2자 이상이어야 합니다.')
  .max(20, '닉네임은 20자를 넘을 수 없습니다.')
  .regex(/^[a-zA-Z0-9_가-힣 ]+$/, '닉네임은 한글, 영문, 숫자, 밑줄(_), 공백만 쓸 수 있습니다.')
  .refine((value) => value !== '미연동 계정', '다른 닉네임을 골라 주세요.');

export const passwordField = z
  .string({ error: '비밀번호를 입력해 주세요.' })
  .min(8, '비밀번호는 8자 이상이어야 합니다.')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= BCRYPT_MAX_BYTES, '비밀번호가 너무 깁니다 (최대 72바이트, 한글은 약 24자).');

export const signupSchema = z.object({ email: emailField, username: usernameField, password: passwordField });
export type SignupInput = z.infer<typeof signupSchema>;

/** The login email is validated like a sign-up one, so the throttle keys on the canonical address. */
export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: '비밀번호를 입력해 주세요.' }).min(1, '비밀번호를 입력해 주세요.').max(1024),
});
