import type { Request, Response } from 'express';
import type { z } from 'zod';
import { setErrorStatus, wantsJson } from './error-handler.js';
import { AppError } from './errors.js';

/** Field → first Korean message, for showing each beside its input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A validation failure as an AppError: 400, the first message, every field's message. */
export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrors(error);
  const [field, message] = Object.entries(fields)[0] ?? ['form', '입력값을 확인해 주세요.'];
  return new AppError(400, 'VALIDATION_FAILED', message, { field, fields });
}

/**
 * Answers a failed form submission: JSON `{ ok: false, error, code, field(s) }` for AJAX,
 * else the same page again with each message beside its input and the values kept.
 */
export function formFailure(req: Request, res: Response, view: string, error: AppError, locals: Record<string, unknown>): void {
  setErrorStatus(res, error);
  if (wantsJson(req)) {
    res.json({ ok: false, error: error.message, code: error.code, ...error.details });
    return;
  }
  const field = typeof error.details?.field === 'string' ? error.details.field : 'form';
  const fields = (error.details?.fields as Record<string, string> | undefined) ?? { [field]: error.message };
  res.render(view, { ...locals, errors: fields });
}
