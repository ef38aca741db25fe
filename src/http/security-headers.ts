import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Helmet with a Content-Security-Policy that allows no inline script: every script is a
 * file under /static. No upgrade-insecure-requests, so plain-HTTP localhost keeps working.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });

/**
 * Pages and answers are made for one person at one moment (the room page holds its
 * members, messages and a CSRF token): never kept, so Back shows the room as it is now.
 * Static files and media set their own caching after this.
 */
export function notStored(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
