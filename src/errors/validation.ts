import type { z } from 'zod';
import type { AppError } from './app-error.js';
import { appError } from './catalogue.js';

/** Field → first Korean message, for showing each beside its input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A failed schema as VALIDATION_FAILED: the first message, and every field's message. */
export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrors(error);
  const [field, message] = Object.entries(fields)[0] ?? ['form', '입력값을 확인해 주세요.'];
  return appError('VALIDATION_FAILED', { message }, { field, fields });
}
