import type { Request, Response } from 'express';
import { wantsJson } from './error-handler.js';

/**
 * Ends a successful state change the way the caller asked: `{ ok: true, next, ...extra }`
 * for AJAX, a 303 redirect to `next` for a plain form post.
 */
export function done(req: Request, res: Response, next: string, extra: Record<string, unknown> = {}): void {
  if (wantsJson(req)) {
    res.json({ ok: true, next, ...extra });
    return;
  }
  res.redirect(303, next);
}
