import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * Serves uploaded images from MEDIA_ROOT. Uploads are re-encoded images with random
 * names; on top of that, nothing here is sniffed or run as a page: nosniff, a CSP that
 * allows nothing, and only image types are served.
 */
export function mediaFiles(root: string): RequestHandler {
  const files = express.static(path.resolve(root), {
    dotfiles: 'deny',
    index: false,
    maxAge: '30d',
    immutable: true,
    setHeaders: (res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    },
  });
  return (req, res, next) => {
    if (!/\.(webp|png|jpe?g|gif)$/i.test(req.path)) return next();
    files(req, res, next);
  };
}
