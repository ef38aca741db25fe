import { AppError } from '../../errors/app-error.js';
import { appError } from '../../errors/catalogue.js';
import { PROVIDER_NAMES, type SocialProvider } from './profile.js';

type ProviderErrorCode = 'PROVIDER_DISABLED' | 'SOCIAL_CONSENT_DENIED' | 'SOCIAL_LOGIN_FAILED' | 'SOCIAL_PROVIDER_ERROR';

/** A refusal of the social sign-in flow that names the provider in Korean. */
export const providerError = (code: ProviderErrorCode, provider: SocialProvider): AppError => appError(code, { provider: PROVIDER_NAMES[provider] });

/**
 * What a failed callback means for the user: the provider refused our request (bad or
 * reused code, wrong client secret: passport-oauth2's TokenError/AuthorizationError),
 * or it could not be reached or answered nonsense.
 */
export function callbackFailure(provider: SocialProvider, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'TokenError' || name === 'AuthorizationError') return providerError('SOCIAL_LOGIN_FAILED', provider);
  return providerError('SOCIAL_PROVIDER_ERROR', provider);
}
