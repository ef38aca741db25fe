import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import { csrfProtection } from '../http/csrf.js';
import { AppError } from '../http/errors.js';
import { done } from '../http/respond.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { MAX_UPLOAD_BYTES } from './image-processing.js';
import type { createImageService } from './image-service.js';
import type { RoomService } from './room-service.js';
import { roomPath } from './paths.js';

const UPLOADS_PER_MINUTE = 10;

export interface ImageRoutesDeps {
  rooms: RoomService;
  images: ReturnType<typeof createImageService>;
  rateLimiter: RateLimiter;
}

/**
 * `POST /rooms/<slug>/images/upload/` (multipart field `image`). Mounted before the
 * app-wide CSRF check because a multipart body is only readable after multer: the order
 * here is login, room access, rate limit, multer (bounded, in memory), then CSRF.
 */
export function imageRouter({ rooms, images, rateLimiter }: ImageRoutesDeps): Router {
  const router = Router();
  router.post('/rooms/:slug/images/upload', requireLogin, async (req: Request<{ slug: string }>, res: Response) => {
    const user = currentUser(req);
    const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId: user.id });
    const limit = await rateLimiter.hit(`upload:user:${user.id}`, UPLOADS_PER_MINUTE, 60);
    if (!limit.allowed) throw new AppError(429, 'RATE_LIMITED', `이미지를 너무 자주 올리고 있습니다. ${limit.retryAfterSeconds}초 후에 다시 시도해 주세요.`, { retryAfterSeconds: limit.retryAfterSeconds });
    await run(singleImage, req, res);
    await run(csrfProtection, req, res);
    if (!req.file) throw new AppError(400, 'NO_FILE', '올릴 이미지를 선택해 주세요.');
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

function toUploadError(error: unknown): unknown {
  if (!(error instanceof multer.MulterError)) return error;
  if (error.code === 'LIMIT_FILE_SIZE') return new AppError(413, 'FILE_TOO_LARGE', `이미지는 ${MAX_UPLOAD_BYTES / 1024 / 1024}MB 이하만 올릴 수 있습니다.`);
  return new AppError(400, 'BAD_UPLOAD', '업로드 형식이 올바르지 않습니다. 이미지 한 장을 image 필드로 보내 주세요.');
}
