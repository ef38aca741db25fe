import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import type { Database } from '../db/prisma.js';
import { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';
import { formFailure, formRoute, typedValues } from '../http/forms.js';
import { clientAddressKey } from '../http/client-address.js';
import { done } from '../http/respond.js';
import { safeNextPath } from '../http/safe-next.js';
import type { ActionLimit } from '../ratelimit/action-limit.js';
import { logIn, saveSession } from './login-session.js';
import type { Authenticator } from './passport.js';
import { emailField } from './email.js';
import { nicknameField } from './schemas.js';
import { callbackFailure, providerError } from './social/errors.js';
import { toPending, type PendingSocialProfile } from './social/pending.js';
import { PROVIDER_NAMES, SOCIAL_PROVIDERS, type SocialProfile, type SocialProvider } from './social/profile.js';
import { createSocialAccountService } from './social/social-accounts.js';
import { registerSocialStrategies } from './social/strategies.js';

export interface SocialAuthDeps {
  config: Config;
  authenticator: Authenticator;
  db: Database;
  /** Counts a sign-up per client address and globally (shared with the email sign-up). */
  countSignup: ActionLimit;
}

const SIGNUP_PATH = '/auth/social/signup';
const nicknameOnly = z.object({ nickname: nicknameField });
const nicknameAndEmail = z.object({ nickname: nicknameField, email: emailField });

/**
 * Kakao and Naver sign-in: `/auth/<provider>` starts it, `/auth/<provider>/callback`
 * logs in a linked account or parks the profile for `/auth/social/signup`. Registers the
 * strategies of the configured providers on the app's own authenticator.
 */
export function socialAuthRouter(deps: SocialAuthDeps): Router {
  const { config, authenticator } = deps;
  registerSocialStrategies(authenticator, config.auth);
  const accounts = createSocialAccountService({ db: deps.db });
  const providers = { kakao: config.auth.kakao !== null, naver: config.auth.naver !== null };
  const router = Router();

  const assertEnabled = (provider: SocialProvider) => {
    if (!providers[provider]) throw providerError('PROVIDER_DISABLED', provider);
  };

  /** The login page again, with the reason on top and the pending `next` kept. */
  const loginFailure = (req: Request, res: Response, error: AppError, values: Record<string, string> = {}) => {
    const next = safeNextPath(req.session.socialNext);
    formFailure(req, res, 'login', error, { title: '로그인', next, providers, values, errors: {} });
  };

  for (const provider of SOCIAL_PROVIDERS) {
    router.get(`/auth/${provider}`, (req, res, next) => {
      assertEnabled(provider);
      const target = safeNextPath(req.query.next);
      if (req.user) return res.redirect(target);
      // passport-oauth2 would treat a `code` or `error` here as a callback.
      if (req.query.code !== undefined || req.query.error !== undefined) throw providerError('SOCIAL_LOGIN_FAILED', provider);
      // Kept in the session (not in the OAuth state) so the provider never sees it.
      req.session.socialNext = target;
      delete req.session.pendingSocial;
      // The strategy stores a fresh state, saves the session and redirects; it calls
      // back only when that fails (the session store is down: a logged 500).
      const start = authenticator.authenticate(provider, (error: unknown) => {
        next(error ?? providerError('SOCIAL_LOGIN_FAILED', provider));
      }) as RequestHandler;
      start(req, res, next);
    });

    router.get(`/auth/${provider}/callback`, async (req, res) => {
      assertEnabled(provider);
      delete req.session.pendingSocial;
      const { error, code } = req.query as Record<string, unknown>;
      if (error === 'access_denied') return loginFailure(req, res, providerError('SOCIAL_CONSENT_DENIED', provider));
      if (error !== undefined) return loginFailure(req, res, providerError('SOCIAL_LOGIN_FAILED', provider));
      if (typeof code !== 'string' || code === '') return loginFailure(req, res, appError('OAUTH_STATE_INVALID'));

      const outcome = await authenticateCallback(provider, req, res);
      if (outcome instanceof AppError) {
        req.log.info({ provider, code: outcome.code }, 'social login refused');
        return loginFailure(req, res, outcome);
      }
      const target = safeNextPath(req.session.socialNext);
      const user = await accounts.findLinkedUser(outcome);
      if (user) {
        await logIn(req, user);
        return res.redirect(target);
      }
      if (outcome.email && (await accounts.isEmailTaken(outcome.email))) {
        return loginFailure(req, res, appError('EMAIL_TAKEN', { via: 'social' }, { field: 'form' }), { email: outcome.email });
      }
      req.session.pendingSocial = toPending(outcome);
      await saveSession(req);
      res.redirect(SIGNUP_PATH);
    });
  }

  router.get(SIGNUP_PATH, (req, res) => {
    const pending = req.session.pendingSocial;
    if (!pending) return res.redirect('/login');
    res.render('social-signup', signupLocals(pending, { nickname: pending.nickname ?? '', email: '' }));
  });

  // The signup page needs a parked profile; without one (expired, or done in another tab) go to login.
  router.post(SIGNUP_PATH, (req, res, next) => (req.session.pendingSocial ? next() : res.redirect(303, '/login')));
  router.post(
    SIGNUP_PATH,
    formRoute({
      view: 'social-signup',
      // The email is asked for only when the provider gave none.
      schema: (req) => (pendingOf(req).email ? nicknameOnly : nicknameAndEmail),
      locals: (req) => signupLocals(pendingOf(req), typedValues(req, 'nickname', 'email')),
      handle: async (input, req, res) => {
        const pending = pendingOf(req);
        await deps.countSignup({ ip: clientAddressKey(req.ip) });
        const user = await accounts.signUp(pending, input);
        // Read before logIn: it regenerates the session, dropping the pending profile too.
        const target = safeNextPath(req.session.socialNext);
        await logIn(req, user);
        done(req, res, target);
      },
    }),
  );

  /**
   * Runs the provider's strategy on a callback carrying a code: state check, code
   * exchange, profile fetch. Resolves with the profile or the Korean reason it failed.
   */
  function authenticateCallback(provider: SocialProvider, req: Request, res: Response): Promise<SocialProfile | AppError> {
    return new Promise((resolve) => {
      const failed = (error: unknown) => {
        if (!(error instanceof AppError)) req.log.warn({ err: error, provider }, 'social login failed at the provider');
        resolve(callbackFailure(provider, error));
      };
      const callback = authenticator.authenticate(provider, (error: unknown, profile: SocialProfile | false) => {
        if (error) return failed(error);
        // No profile without an error: passport-oauth2 refused the state.
        resolve(profile || appError('OAUTH_STATE_INVALID'));
      }) as RequestHandler;
      callback(req, res, failed);
    });
  }

  return router;
}

function pendingOf(req: Request): PendingSocialProfile {
  const pending = req.session.pendingSocial;
  if (!pending) throw new Error('the social signup route runs only with a pending profile');
  return pending;
}

function signupLocals(pending: PendingSocialProfile, values: Record<string, string>) {
  return {
    title: `${PROVIDER_NAMES[pending.provider]} 계정으로 가입`,
    providerName: PROVIDER_NAMES[pending.provider],
    askEmail: pending.email === undefined,
    providerEmail: pending.email ?? '',
    values,
    errors: {},
  };
}
