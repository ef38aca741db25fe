import { Router, type Request, type RequestHandler, type Response } from 'express';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Config } from '../config/config.js';
import { asError } from '../errors/as-error.js';
import { appError } from '../errors/catalogue.js';
import { formRoute, typedValues } from '../http/forms.js';
import { clientAddressKey } from '../http/client-address.js';
import { done } from '../http/respond.js';
import { safeNextPath } from '../http/safe-next.js';
import type { ActionLimit } from '../ratelimit/action-limit.js';
import type { AccountService } from './account-service.js';
import type { LoginThrottle } from './login-throttle.js';
import { logIn, logOut } from './login-session.js';
import type { Authenticator } from './passport.js';
import { loginSchema, signupSchema } from './schemas.js';
import type { SessionUser } from './users.js';

export interface LocalAuthDeps {
  config: Config;
  authenticator: Authenticator;
  accounts: AccountService;
  throttle: LoginThrottle;
  /** Counts a sign-up per client address and globally (shared with the social sign-up). */
  countSignup: ActionLimit;
  /** Called with the session id before a logout destroys it (open sockets close). */
  onLogout?: (sessionId: string, userId: number) => Promise<void>;
}

/** Email/password sign-up, login and logout pages (`/signup`, `/login`, `/logout`). */
export function localAuthRouter(deps: LocalAuthDeps): Router {
  const { authenticator, accounts, throttle } = deps;
  authenticator.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: true }, (email, password, done) => {
      accounts.verifyCredentials(email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  const router = Router();
  const pageLocals = (req: Request) => ({
    next: safeNextPath(req.query.next ?? (req.body as { next?: unknown } | undefined)?.next),
    providers: { kakao: deps.config.auth.kakao !== null, naver: deps.config.auth.naver !== null },
    values: {},
    errors: {},
  });

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(safeNextPath(req.query.next));
    res.render('login', { title: '로그인', ...pageLocals(req) });
  });

  router.post(
    '/login',
    formRoute({
      view: 'login',
      schema: loginSchema,
      locals: (req) => ({ title: '로그인', ...pageLocals(req), values: typedValues(req as Request, 'email') }),
      handle: async ({ email }, req, res) => {
        const address = clientAddressKey(req.ip);
        // Counted before the user is looked up and bcrypt runs (see login-throttle.ts).
        await throttle.attempt(email, address);
        // passport-local reads the body: give it the canonical address the throttle counted.
        (req.body as Record<string, unknown>).email = email;
        const user = await authenticate(req, res);
        if (!user) throw appError('INVALID_CREDENTIALS');
        await throttle.succeeded(email, address);
        await logIn(req, user);
        done(req, res, pageLocals(req).next);
      },
    }),
  );

  router.get('/signup', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('signup', { title: '회원가입', ...pageLocals(req) });
  });

  router.post(
    '/signup',
    formRoute({
      view: 'signup',
      schema: signupSchema,
      locals: (req) => ({ title: '회원가입', ...pageLocals(req), values: typedValues(req as Request, 'email', 'username') }),
      handle: async (input, req, res) => {
        // Before anything costs: the uniqueness query, then bcrypt.
        await deps.countSignup({ ip: clientAddressKey(req.ip) });
        const user = await accounts.signUp(input);
        await logIn(req, user);
        done(req, res, pageLocals(req).next);
      },
    }),
  );

  router.post('/logout', async (req, res) => {
    if (req.user) await deps.onLogout?.(req.sessionID, req.user.id);
    await logOut(req, res);
    done(req, res, '/login');
  });

  /** Runs passport's local strategy; resolves with the user or null (never throws for bad credentials). */
  function authenticate(req: Request, res: Response): Promise<SessionUser | null> {
    return new Promise((resolve, reject) => {
      const strategy = authenticator.authenticate('local', (error: unknown, user: SessionUser | false) => {
        if (error) return reject(asError(error));
        resolve(user || null);
      }) as RequestHandler;
      strategy(req, res, reject);
    });
  }

  return router;
}
