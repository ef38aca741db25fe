import type { Request } from 'express';
import { Strategy as KakaoBaseStrategy } from 'passport-kakao';
import { Strategy as NaverBaseStrategy } from 'passport-naver-v2';
import type { VerifyCallback } from 'passport-oauth2';
import type { Config, OAuthProviderConfig } from '../../config/config.js';
import { appError } from '../../errors/catalogue.js';
import { asError } from '../../errors/as-error.js';
import type { Authenticator } from '../passport.js';
import { toSocialProfile, type SocialProvider } from './profile.js';

/** The parts of passport-oauth2's strategy and its node-oauth client that we adjust. */
interface OAuth2Internals {
  _oauth2: {
    _authorizeUrl: string;
    _accessTokenUrl: string;
    getAuthorizeUrl(params: Record<string, string>): string;
    _getAccessTokenUrl(): string;
    useAuthorizationHeaderforGET(useIt: boolean): void;
  };
}

/** What passport sets on the per-request copy of a strategy. */
interface RequestStrategy {
  redirect(url: string, status?: number): void;
  error(error: Error): void;
}

/** Where each provider's endpoints live under its configured base URLs. */
export function providerEndpoints(provider: SocialProvider, config: OAuthProviderConfig) {
  return provider === 'kakao'
    ? {
        authorizationURL: `${config.authBaseUrl}/oauth/authorize`,
        tokenURL: `${config.authBaseUrl}/oauth/token`,
        profileURL: `${config.apiBaseUrl}/v2/user/me`,
      }
    : {
        authorizationURL: `${config.authBaseUrl}/oauth2.0/authorize`,
        tokenURL: `${config.authBaseUrl}/oauth2.0/token`,
        profileURL: `${config.apiBaseUrl}/v1/nid/me`,
      };
}

/**
 * passport-kakao with its endpoints taken from configuration. Its constructor overwrites
 * the authorizationURL/tokenURL options with kauth.kakao.com and its userProfile() reads
 * `_userProfileURL`, so the URLs are set on the OAuth2 client it built and on that field.
 */
export class KakaoStrategy extends KakaoBaseStrategy {
  constructor(config: OAuthProviderConfig) {
    super(
      { clientID: config.clientId, clientSecret: config.clientSecret, callbackURL: config.callbackUrl, state: true, sessionKey: 'oauth2:kakao' },
      (_accessToken, _refreshToken, profile, done) => verifyProfile('kakao', profile, done),
    );
    const endpoints = providerEndpoints('kakao', config);
    const self = this as unknown as OAuth2Internals & { _userProfileURL: string };
    self._oauth2._authorizeUrl = endpoints.authorizationURL;
    self._oauth2._accessTokenUrl = endpoints.tokenURL;
    self._userProfileURL = endpoints.profileURL;
    useBearerHeader(self);
    assertEndpoints('passport-kakao', self, endpoints);
  }

  override authenticate(req: Request, options?: object): void {
    saveSessionBeforeRedirect(this, req);
    super.authenticate(req, options);
  }
}

/**
 * passport-naver-v2 with its endpoints taken from configuration: it honours the
 * authorizationURL/tokenURL options; its userProfile() reads `_profileURL`, which its
 * constructor hard-codes, so that field is set afterwards.
 */
export class NaverStrategy extends NaverBaseStrategy {
  constructor(config: OAuthProviderConfig) {
    const endpoints = providerEndpoints('naver', config);
    super(
      {
        clientID: config.clientId,
        clientSecret: config.clientSecret,
        callbackURL: config.callbackUrl,
        authorizationURL: endpoints.authorizationURL,
        tokenURL: endpoints.tokenURL,
        state: true,
        sessionKey: 'oauth2:naver',
      },
      (_accessToken, _refreshToken, profile, done) => verifyProfile('naver', profile, done),
    );
    const self = this as unknown as OAuth2Internals & { _profileURL: string };
    self._profileURL = endpoints.profileURL;
    useBearerHeader(self);
    assertEndpoints('passport-naver-v2', self, endpoints);
  }

  override authenticate(req: Request, options?: object): void {
    saveSessionBeforeRedirect(this, req);
    super.authenticate(req, options);
  }
}

/**
 * Registers a strategy for each configured provider only; a provider without credentials
 * has none, and its routes answer PROVIDER_DISABLED.
 */
export function registerSocialStrategies(authenticator: Authenticator, auth: Config['auth']): void {
  if (auth.kakao) authenticator.use('kakao', new KakaoStrategy(auth.kakao));
  if (auth.naver) authenticator.use('naver', new NaverStrategy(auth.naver));
}

/**
 * Hands the provider-neutral profile to passport as the "user" of this authentication;
 * the strategies never touch the database: the route decides what the profile means
 * (log in, or the social signup page).
 */
function verifyProfile(provider: SocialProvider, profile: unknown, done: VerifyCallback): void {
  const json = typeof profile === 'object' && profile !== null ? (profile as { _json?: unknown })._json : undefined;
  const mapped = toSocialProfile(provider, json);
  if (!mapped) {
    done(appError('SOCIAL_PROFILE_INVALID'));
    return;
  }
  done(null, mapped);
}

/** Kakao and Naver want the access token in `Authorization: Bearer`, not in the URL (and logs). */
function useBearerHeader(strategy: OAuth2Internals): void {
  strategy._oauth2.useAuthorizationHeaderforGET(true);
}

/**
 * Fails at start-up if a package update stopped honouring the overrides, rather than
 * sending users (and client secrets) somewhere the configuration did not name.
 */
function assertEndpoints(name: string, strategy: OAuth2Internals, endpoints: { authorizationURL: string; tokenURL: string }): void {
  const authorize = strategy._oauth2.getAuthorizeUrl({});
  if (!authorize.startsWith(`${endpoints.authorizationURL}?`) || strategy._oauth2._getAccessTokenUrl() !== endpoints.tokenURL) {
    throw new Error(`${name} no longer accepts configured endpoints; check src/accounts/social/strategies.ts`);
  }
}

/**
 * The strategy stores the OAuth state in the session and then redirects. express-session
 * would only save on response end, after the headers went out, so a fast browser could
 * reach the callback before the state is stored: save first, then redirect.
 */
function saveSessionBeforeRedirect(strategy: RequestStrategy, req: Request): void {
  const redirect = strategy.redirect.bind(strategy);
  strategy.redirect = (url, status) => {
    req.session.save((error: unknown) => {
      if (error) return strategy.error(asError(error));
      redirect(url, status);
    });
  };
}
