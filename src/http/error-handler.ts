import 'pino-http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, notFound } from './errors.js';

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

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/**
 * The one place errors become responses. AppErrors keep their status, code and message;
 * body-parser's errors keep their 4xx status; anything else is logged and becomes a 500.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const appError = toAppError(error);
  if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
  setErrorStatus(res, appError);
  if (wantsJson(req)) {
    res.json({ ok: false, error: appError.message, code: appError.code, ...appError.details });
    return;
  }
  res.render('error', { title: '오류', status: appError.status, message: appError.message, code: appError.code });
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isClientHttpError(error)) {
    return error.type === 'entity.too.large'
      ? new AppError(413, 'PAYLOAD_TOO_LARGE', '요청이 너무 큽니다.')
      : new AppError(error.status, 'BAD_REQUEST', '요청 형식이 올바르지 않습니다.');
  }
  return new AppError(500, 'INTERNAL', '서버에 문제가 발생했습니다. 잠시 후 다시 시도해 주세요.');
}

/** Errors from body-parser and friends carry `status` and `expose` for client faults. */
function isClientHttpError(error: unknown): error is { status: number; type?: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}
