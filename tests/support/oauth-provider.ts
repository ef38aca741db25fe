import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProviderKind = 'kakao' | 'naver';

/** One request the stand-in received, for asserting what the app sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  form?: Record<string, string>;
}

type Behaviour = { kind: 'approve'; profile: object; profileFails: boolean } | { kind: 'deny' };

/**
 * A local stand-in for Kakao's or Naver's OAuth service, speaking their protocol: an
 * authorize endpoint that redirects back with `code` and `state` (or `error=access_denied`),
 * a form-encoded token endpoint checking client id, secret, code and redirect_uri, and a
 * profile endpoint requiring `Authorization: Bearer`. The auth and API hosts are separate
 * base paths, so the app must use both of its configured base URLs correctly.
 */
export interface OAuthStandIn {
  kind: ProviderKind;
  clientId: string;
  clientSecret: string;
  authBaseUrl: string;
  apiBaseUrl: string;
  /** The variables that point the app at this stand-in (KAKAO_* or NAVER_*). */
  env(overrides?: { clientSecret?: string }): Record<string, string>;
  /** The next authorization is approved, signing in as the account with this profile body. */
  approveNext(profile: object, options?: { profileFails?: boolean }): void;
  /** The next authorization is refused by the user (consent denied). */
  denyNext(): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const PATHS: Record<ProviderKind, { authorize: string; token: string; profile: string }> = {
  kakao: { authorize: '/oauth/authorize', token: '/oauth/token', profile: '/v2/user/me' },
  naver: { authorize: '/oauth2.0/authorize', token: '/oauth2.0/token', profile: '/v1/nid/me' },
};

const AUTH_PREFIX = '/auth-host';
const API_PREFIX = '/api-host';

/** Starts a stand-in provider on 127.0.0.1 with a free port. */
export async function startOAuthProvider(kind: ProviderKind): Promise<OAuthStandIn> {
  const clientId = `${kind}-client-${randomBytes(4).toString('hex')}`;
  const clientSecret = `${kind}-secret-${randomBytes(8).toString('hex')}`;
  const behaviours: Behaviour[] = [];
  const codes = new Map<string, { profile: object; profileFails: boolean; redirectUri: string }>();
  const tokens = new Map<string, { profile: object; profileFails: boolean }>();
  const requests: RecordedRequest[] = [];
  const paths = PATHS[kind];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    readBody(req).then((body) => {
      const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, form });
      if (req.method === 'GET' && url.pathname === AUTH_PREFIX + paths.authorize) return authorize(url, res);
      if (req.method === 'POST' && url.pathname === AUTH_PREFIX + paths.token) return token(req, form ?? {}, res);
      if (req.method === 'GET' && url.pathname === API_PREFIX + paths.profile) return profile(req, res);
      json(res, 404, { error: 'not_found' });
    }, () => json(res, 400, { error: 'invalid_request' }));
  });

  function authorize(url: URL, res: http.ServerResponse): void {
    const params = url.searchParams;
    const redirectUri = params.get('redirect_uri');
    if (params.get('client_id') !== clientId || params.get('response_type') !== 'code' || !redirectUri) {
      return json(res, 400, { error: 'invalid_request', error_description: 'bad client_id, response_type or redirect_uri' });
    }
    const behaviour = behaviours.shift();
    if (!behaviour) return json(res, 500, { error: 'stand_in_not_primed', error_description: 'call approveNext() or denyNext() first' });
    const back = new URL(redirectUri);
    if (behaviour.kind === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', kind === 'kakao' ? 'User denied access' : 'Canceled By User');
    } else {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { profile: behaviour.profile, profileFails: behaviour.profileFails, redirectUri });
      back.searchParams.set('code', code);
    }
    const state = params.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { Location: back.toString() }).end();
  }

  function token(req: http.IncomingMessage, form: Record<string, string>, res: http.ServerResponse): void {
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return json(res, 400, { error: 'invalid_request', error_description: 'form body expected' });
    }
    if (form.grant_type !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    if (form.client_id !== clientId || form.client_secret !== clientSecret) {
      return json(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials', error_code: 'KOE010' });
    }
    const grant = form.code === undefined ? undefined : codes.get(form.code);
    if (!grant || (form.redirect_uri !== undefined && form.redirect_uri !== grant.redirectUri)) {
      return json(res, 400, { error: 'invalid_grant', error_description: `authorization code not found for code=${form.code}`, error_code: 'KOE320' });
    }
    codes.delete(form.code ?? '');
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, { profile: grant.profile, profileFails: grant.profileFails });
    json(res, 200, {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: randomBytes(24).toString('base64url'),
      expires_in: kind === 'kakao' ? 21599 : '3600',
    });
  }

  function profile(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const grant = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    if (!grant) {
      return kind === 'kakao'
        ? json(res, 401, { msg: 'this access token does not exist', code: -401 })
        : json(res, 401, { resultcode: '024', message: 'Authentication failed' });
    }
    if (grant.profileFails) return json(res, 500, { msg: 'internal server error', code: -1 });
    json(res, 200, grant.profile);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = kind.toUpperCase();

  return {
    kind,
    clientId,
    clientSecret,
    authBaseUrl: origin + AUTH_PREFIX,
    apiBaseUrl: origin + API_PREFIX,
    env: (overrides = {}) => ({
      [`${prefix}_CLIENT_ID`]: clientId,
      [`${prefix}_CLIENT_SECRET`]: overrides.clientSecret ?? clientSecret,
      [`${prefix}_CALLBACK_URL`]: `http://localhost:8000/auth/${kind}/callback`,
      [`${prefix}_AUTH_BASE_URL`]: origin + AUTH_PREFIX,
      [`${prefix}_API_BASE_URL`]: origin + API_PREFIX,
    }),
    approveNext: (profileBody, options = {}) => {
      behaviours.push({ kind: 'approve', profile: profileBody, profileFails: options.profileFails ?? false });
    },
    denyNext: () => {
      behaviours.push({ kind: 'deny' });
    },
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Kakao's /v2/user/me body; without `email` the account did not consent to share one. */
export function kakaoProfile(user: { id: number; email?: string; nickname?: string; emailValid?: boolean }): object {
  const account: Record<string, unknown> = {
    profile_nickname_needs_agreement: user.nickname === undefined,
    has_email: user.email !== undefined,
    email_needs_agreement: user.email === undefined,
  };
  if (user.nickname !== undefined) account.profile = { nickname: user.nickname, is_default_nickname: false };
  if (user.email !== undefined) {
    Object.assign(account, { email: user.email, is_email_valid: user.emailValid ?? true, is_email_verified: true });
  }
  return {
    id: user.id,
    connected_at: '2024-01-01T00:00:00Z',
    kakao_account: account,
    ...(user.nickname !== undefined ? { properties: { nickname: user.nickname } } : {}),
  };
}

/** Naver's /v1/nid/me body; any of the fields may be missing. */
export function naverProfile(user: { id: string; email?: string; nickname?: string }): object {
  return { resultcode: '00', message: 'success', response: { ...user } };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
