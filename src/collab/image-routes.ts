import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import { asError } from '../errors/as-error.js';
import { appError, muted, rateLimited } from '../errors/catalogue.js';
import { csrfProtection } from '../http/csrf.js';
import { done } from '../http/respond.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { MAX_UPLOAD_BYTES } from './image-processing.js';
import type { ImageService } from './image-service.js';
import type { RoomService } from './room-service.js';
import { roomPath } from './paths.js';

const UPLOADS_PER_MINUTE = 10;

export interface ImageRoutesDeps {
  rooms: RoomService;
  images: ImageService;
  rateLimiter: RateLimiter;
}

/**
 * `POST /rooms/<slug>/images/upload/` (multipart field `image`). Mounted before the
 * app-wide CSRF check because a multipart body is only readable after multer: the order
 * here is login, room access (and no mute), rate limit, multer (bounded, in memory), then CSRF.
 */
export function imageRouter({ rooms, images, rateLimiter }: ImageRoutesDeps): Router {
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
    const event = await images.postImage({ roomId: room.id, userId: user.id, bytes: req.file.buffer });
    done(req, res, roomPath(room.slug), { message: event });
  });
  return router;
}

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
const singleImage = upload.single('image');

/** Runs a middleware as a promise, turning multer's errors into ours. */
function run(middleware: RequestHandler, req: Request<{ slug: string }>, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    middleware(req, res, (error?: unknown) => (error ? reject(toUploadError(error)) : resolve()));
  });
}

function toUploadError(error: unknown): Error {
  if (!(error instanceof multer.MulterError)) return asError(error);
  if (error.code === 'LIMIT_FILE_SIZE') return appError('FILE_TOO_LARGE', { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 });
  return appError('BAD_UPLOAD');
}
