import { AppError } from '../../http/errors.js';
import { PROVIDER_NAMES, type SocialProvider } from './profile.js';

/** Korean refusals of the social sign-in flow, each with a stable code. */
export const socialErrors = {
  disabled: (provider: SocialProvider) =>
    new AppError(404, 'PROVIDER_DISABLED', `${PROVIDER_NAMES[provider]} 로그인은 지금 사용할 수 없습니다.`),

  consentDenied: (provider: SocialProvider) =>
    new AppError(
      401,
      'SOCIAL_CONSENT_DENIED',
      `${PROVIDER_NAMES[provider]} 로그인이 취소되었습니다. 정보 제공에 동의해야 ${PROVIDER_NAMES[provider]}로 로그인할 수 있습니다.`,
    ),

  stateInvalid: () =>
    new AppError(403, 'OAUTH_STATE_INVALID', '로그인 요청이 만료되었거나 올바르지 않습니다. 처음부터 다시 시도해 주세요.'),

  loginFailed: (provider: SocialProvider) =>
    new AppError(400, 'SOCIAL_LOGIN_FAILED', `${PROVIDER_NAMES[provider]} 로그인에 실패했습니다. 다시 시도해 주세요.`),

  providerUnavailable: (provider: SocialProvider) =>
    new AppError(502, 'SOCIAL_PROVIDER_ERROR', `${PROVIDER_NAMES[provider]} 서버와 통신하지 못했습니다. 잠시 후 다시 시도해 주세요.`),

  /**
   * A social sign-in landing on an email that already has an account. Linking there
   * silently would hand that account to whoever controls the provider account.
   */
  emailTaken: (field: 'email' | 'form') =>
    new AppError(
      409,
      'EMAIL_TAKEN',
      '이 이메일로 이미 가입된 계정이 있습니다. 보안을 위해 소셜 계정을 자동으로 연결하지 않으니 이메일과 비밀번호로 로그인해 주세요. (계정 설정에서 소셜 계정을 연결하는 기능은 아직 준비 중입니다.)',
      { field },
    ),
};

/**
 * What a failed callback means for the user: the provider refused our request (bad or
 * reused code, wrong client secret: passport-oauth2's TokenError/AuthorizationError),
 * or it could not be reached or answered nonsense.
 */
export function callbackFailure(provider: SocialProvider, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'TokenError' || name === 'AuthorizationError') return socialErrors.loginFailed(provider);
  return socialErrors.providerUnavailable(provider);
}
