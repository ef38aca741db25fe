import 'pino-http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';

/** Requests answered in JSON rather than with a page: AJAX, API clients. */
export function wantsJson(req: Request): boolean {
  if (req.xhr) return true;
  const accept = req.accepts(['html', 'json']);
  return accept === 'json';
}

/** Status and headers of an error answer: a 429 also says when to try again. */
export function setErrorStatus(res: Response, error: AppError): void {
  res.status(error.status);
  const retryAfter = error.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
}

/** The JSON body of a failed request: `{ ok: false, error, code, ...details }`. */
export function sendErrorJson(res: Response, error: AppError): void {
  res.json({ ok: false, error: error.message, code: error.code, ...error.details });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(appError('NOT_FOUND'));

/**
 * The one place errors become responses. AppErrors keep their status, code and message;
 * body-parser's errors keep their 4xx status; anything else is logged and becomes a 500.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const failure = toAppError(error);
  if (failure.status >= 500) req.log.error({ err: error }, 'request failed');
  setErrorStatus(res, failure);
  if (wantsJson(req)) return sendErrorJson(res, failure);
  res.render('error', { title: '오류', status: failure.status, message: failure.message, code: failure.code });
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isClientHttpError(error)) {
    if (error.type === 'entity.too.large') return appError('PAYLOAD_TOO_LARGE');
    const badRequest = appError('BAD_REQUEST');
    return new AppError(error.status, badRequest.code, badRequest.message);
  }
  return appError('INTERNAL');
}

/** Errors from body-parser and friends carry `status` and `expose` for client faults. */
function isClientHttpError(error: unknown): error is { status: number; type?: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
