import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import { asError } from '../errors/as-error.js';
import { appError, muted, rateLimited } from '../errors/catalogue.js';
import { csrfProtection } from '../http/csrf.js';
import { done } from '../http/respond.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { captionOf, CAPTION_FIELD_BYTES } from './image-caption.js';
import type { ImageService } from './image-service.js';
import type { RoomService } from './room-service.js';
import { roomPath } from './paths.js';

const UPLOADS_PER_MINUTE = 10;
/** What a multipart body may carry besides the file: boundaries, part headers, a caption. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface ImageRoutesDeps {
  rooms: RoomService;
  images: ImageService;
  rateLimiter: RateLimiter;
  /** UPLOAD_MAX_BYTES: a larger file is refused with 413 while it arrives. */
  maxBytes: number;
}

/**
 * `POST /rooms/<slug>/images/upload/` (multipart field `image`, optional `caption`).
 * Mounted before the app-wide CSRF check because a multipart body is only readable after
 * multer: the order here is login, room access (and no mute), rate limit, multer (bounded,
 * in memory), then CSRF.
 */
export function imageRouter({ rooms, images, rateLimiter, maxBytes }: ImageRoutesDeps): Router {
  const singleImage = uploadParser(maxBytes);
  const router = Router();
  router.post('/rooms/:slug/images/upload', requireLogin, async (req: Request<{ slug: string }>, res: Response) => {
    const user = currentUser(req);
    const { room, membership } = await rooms.checkRoomAccess({ slug: req.params.slug, userId: user.id });
    if (membership.mutedUntil && membership.mutedUntil.getTime() > Date.now()) throw muted(membership.mutedUntil.getTime());
    const limit = await rateLimiter.hit(`upload:user:${user.id}`, UPLOADS_PER_MINUTE, 60);
    if (!limit.allowed) throw rateLimited('upload', limit.retryAfterSeconds);
    await run(singleImage, req, res);
    await run(csrfProtection, req, res);
    if (!req.file) throw appError('NO_FILE');
    const event = await images.postImage({ roomId: room.id, userId: user.id, bytes: req.file.buffer, caption: captionOf(req.body) });
    done(req, res, roomPath(room.slug), { message: event });
  });
  return router;
}

/**
 * multer keeps the file in memory, never on disk: a refused upload (too large, not an
 * image) leaves nothing behind, and at most `maxBytes` per upload is ever held.
 */
function uploadParser(maxBytes: number): RequestHandler {
  const limits = { fileSize: maxBytes, files: 1, fields: 5, parts: 6, fieldSize: CAPTION_FIELD_BYTES };
  const parse = multer({ storage: multer.memoryStorage(), limits }).single('image');
  return (req, res, next) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      next(error);
    };
    // multer stops keeping the file at its limit but reads the rest of the body and answers
    // only when it ends, so a body that never ends would be read forever. Past the limit
    // (and room for the other parts) the answer goes now, the reading stops, and the
    // connection closes after the answer.
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes + MULTIPART_OVERHEAD_BYTES) return;
      req.unpipe();
      req.pause();
      res.setHeader('Connection', 'close');
      finish(fileTooLarge(maxBytes));
    };
    req.on('data', count);
    parse(req, res, (error?: unknown) => finish(error === undefined ? undefined : toUploadError(error, maxBytes)));
  };
}

/** Runs a middleware as a promise. */
function run(middleware: RequestHandler, req: Request<{ slug: string }>, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    middleware(req, res, (error?: unknown) => (error ? reject(asError(error)) : resolve()));
  });
}

/**
 * The parser's errors as ours: too large is 413 with the limit in megabytes; anything else
 * it refuses (a limit, no boundary, a body cut short or malformed — busboy's plain errors)
 * is the client's 400. Files stay in memory, so no error here is the server's own.
 */
function toUploadError(error: unknown, maxBytes: number): Error {
  if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') return fileTooLarge(maxBytes);
  return appError('BAD_UPLOAD');
}

const fileTooLarge = (maxBytes: number) => appError('FILE_TOO_LARGE', { megabytes: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });
