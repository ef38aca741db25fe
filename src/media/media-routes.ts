import { Router } from 'express';
import { appError } from '../errors/catalogue.js';
import type { MediaAccess } from './media-access.js';
import type { MediaFiles } from './media-files.js';

/** Names the upload code writes: a random id and an image extension. Anything else is not ours. */
const FILE_NAME = /^[\w-]{1,80}\.(webp|png|jpe?g|gif)$/;

/**
 * `GET /media/rooms/<roomId>/<file>`: a room's images, only for its current members;
 * everyone else (signed out, kicked, former members, a deleted room) gets 404, exactly as
 * for a file that does not exist. Files are never sniffed or run as pages (nosniff, a
 * sandbox CSP) and browsers keep them privately; conditional requests get 304.
 */
export function mediaRouter({ files, access }: { files: MediaFiles; access: MediaAccess }): Router {
  const router = Router();
  router.get('/media/rooms/:roomId/:file', async (req, res, next) => {
    const roomId = Number(req.params.roomId);
    const { file } = req.params;
    if (!req.user || !/^\d{1,10}$/.test(req.params.roomId) || !FILE_NAME.test(file)) return next(appError('NOT_FOUND'));
    if (!(await access.canView(req.user.id, roomId))) return next(appError('NOT_FOUND'));
    res.sendFile(files.absolute(`rooms/${roomId}/${file}`), {
      dotfiles: 'deny',
      cacheControl: false,
      headers: {
        'Cache-Control': 'private, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    }, (error?: Error) => {
      // A file that is gone (deleted with its message or room) is a 404 like any other.
      if (error && !res.headersSent) next(appError('NOT_FOUND'));
    });
  });
  return router;
}
