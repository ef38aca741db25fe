import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { createAccountService } from './accounts/account-service.js';
import { attentionRouter } from './attention/attention-routes.js';
import { unreadText } from './attention/unread-text.js';
import { localAuthRouter } from './accounts/local-routes.js';
import { createLoginThrottle } from './accounts/login-throttle.js';
import { createAuthenticator } from './accounts/passport.js';
import { socialAuthRouter } from './accounts/social-routes.js';
import { imageRouter } from './collab/image-routes.js';
import { moderationRouter } from './collab/moderation-routes.js';
import { roomRouter } from './collab/room-routes.js';
import type { AppDeps } from './deps.js';
import { csrfProtection, exposeCsrfToken } from './http/csrf.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRouter } from './http/health.js';
import { notStored, securityHeaders } from './http/security-headers.js';
import { viewHelpers } from './http/view-helpers.js';
import { systemText } from './messages/system-text.js';
import { REACTION_EMOJI } from './bus/events.js';
import type { Logger } from './logging/logger.js';
import { mediaRouter } from './media/media-routes.js';
import { notificationRouter, serviceWorkerRouter } from './notifications/notification-routes.js';
import { createActionLimit } from './ratelimit/action-limit.js';

const projectRoot = path.resolve(import.meta.dirname, '..');
const BODY_LIMIT = '64kb';

/** Builds the Express app: the one place routes are mounted. Connects and listens nowhere. */
export function createApp(deps: AppDeps): Express {
  const { config, db } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxyHops);
  app.set('views', path.join(projectRoot, 'views'));
  app.set('view engine', 'ejs');
  Object.assign(app.locals, viewHelpers, { systemText, unreadText, reactionEmoji: REACTION_EMOJI });

  app.use(requestLogger(deps.logger));
  app.use(healthRouter(deps));
  app.use(securityHeaders());
  app.use('/static', express.static(path.join(projectRoot, 'public'), { maxAge: '1h' }));
  app.use(serviceWorkerRouter(path.join(projectRoot, 'public')));
  app.use(notStored);
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  app.use(express.json({ limit: BODY_LIMIT }));

  const authenticator = createAuthenticator(db);
  app.use(deps.sessionParser);
  app.use(authenticator.initialize());
  app.use(authenticator.session());
  app.use((req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    next();
  });
  app.use(exposeCsrfToken);
  app.use(mediaRouter({ store: deps.files.store, access: deps.mediaAccess }));
  // Multipart bodies are read by multer inside this router, which then checks CSRF itself.
  app.use(imageRouter({ rooms: deps.collab.rooms, images: deps.collab.images, rateLimiter: deps.rateLimiter, maxBytes: config.media.upload.maxBytes }));
  app.use(csrfProtection);

  const countSignup = createActionLimit(deps.rateLimiter, 'signup', config.limits.signup);
  app.use(
    localAuthRouter({
      config,
      authenticator,
      accounts: createAccountService({ db, bcryptCost: config.auth.bcryptCost }),
      throttle: createLoginThrottle(deps.rateLimiter),
      countSignup,
      // Open sockets of this session close on every process.
      onLogout: (sessionId) => deps.bus.toProcesses({ type: 'session_ended', sessionId }),
    }),
  );
  app.use(socialAuthRouter({ config, authenticator, db, countSignup }));
  app.use(
    roomRouter({
      db,
      rooms: deps.collab.rooms,
      queries: deps.collab.queries,
      messages: deps.messages,
      notices: deps.collab.notices,
      countRoomCreation: createActionLimit(deps.rateLimiter, 'room', config.limits.roomCreate),
      editWindowSeconds: config.messages.editWindowSeconds,
      capacityMax: config.rooms.capacityMax,
      unreadCounts: deps.attention.unreadCounts,
    }),
  );
  app.use(moderationRouter({ moderation: deps.collab.moderation, moderators: deps.collab.moderators, notices: deps.collab.notices }));
  app.use(attentionRouter({ rooms: deps.collab.rooms, attention: deps.attention }));
  app.use(notificationRouter({ rooms: deps.collab.rooms, notifications: deps.notifications }));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** One log line per request, each with a request id (the proxy's X-Request-Id when sane). */
function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    // Method, path and status are what an operator reads; headers stay out of the logs.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
