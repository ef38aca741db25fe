import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { appError } from '../errors/catalogue.js';
import type { MediaAccess } from './media-access.js';
import type { MediaStore } from './media-store.js';

/** Names the upload code writes: a random id and an image extension. Anything else is not ours. */
const FILE_NAME = /^[\w-]{1,80}\.(webp|png|jpe?g|gif)$/;
const CONTENT_TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };

/**
 * `GET /media/rooms/<roomId>/<file>`: a room's images, only for its current members;
 * everyone else (signed out, kicked, former members, a deleted room) gets 404, exactly as
 * for a file that does not exist. The bytes are streamed through the app from either
 * store (README, "Images", says why not signed URLs). Files are never sniffed or run as
 * pages (nosniff, a sandbox CSP) and browsers keep them privately; conditional requests
 * get 304, answered by the store without reading the file.
 */
export function mediaRouter({ store, access }: { store: MediaStore; access: MediaAccess }): Router {
  const router = Router();
  router.get('/media/rooms/:roomId/:file', async (req, res) => {
    const { roomId, file } = req.params;
    const extension = FILE_NAME.exec(file)?.[1];
    if (!req.user || !/^\d{1,10}$/.test(roomId) || extension === undefined) throw appError('NOT_FOUND');
    if (!(await access.canView(req.user.id, Number(roomId)))) throw appError('NOT_FOUND');
    const opened = await store.open(`rooms/${roomId}/${file}`, { ifNoneMatch: req.get('If-None-Match') });
    // A file that is gone (deleted with its message or room) is a 404 like any other.
    if (opened === null) throw appError('NOT_FOUND');
    res.set({
      'Cache-Control': 'private, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    if (opened === 'not-modified') return void res.status(304).set('ETag', req.get('If-None-Match')).end();
    res.set({ 'Content-Type': CONTENT_TYPES[extension], 'Content-Length': String(opened.size), ETag: opened.etag });
    // A client that goes away mid-file ends the pipeline; there is nobody left to answer.
    await pipeline(opened.body, res).catch((error: unknown) => req.log.debug({ err: error }, 'media stream ended early'));
  });
  return router;
}
