import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { validationError } from '../errors/validation.js';
import { sendErrorJson, setErrorStatus, wantsJson } from './error-handler.js';

/**
 * Answers a failed form submission: JSON `{ ok: false, error, code, field(s) }` for AJAX,
 * else the same page again with each message beside its input and the values kept.
 */
export function formFailure(req: Request, res: Response, view: string, error: AppError, locals: Record<string, unknown>): void {
  setErrorStatus(res, error);
  if (wantsJson(req)) return sendErrorJson(res, error);
  const field = typeof error.details?.field === 'string' ? error.details.field : 'form';
  const fields = (error.details?.fields as Record<string, string> | undefined) ?? { [field]: error.message };
  res.render(view, { ...locals, errors: fields });
}

/** What the user typed into these fields, kept on the form shown again (never passwords). */
export function typedValues(req: Request, ...fields: string[]): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, typeof body[field] === 'string' ? body[field] : '']));
}

export interface FormRoute<S extends z.ZodType, P> {
  /** The page shown again, with the errors, when the submission fails. */
  view: string;
  /** The body's schema, or a function choosing it for this request. */
  schema: S | ((req: Request<P>) => S);
  /**
   * That page's locals (typed values kept, passwords never); null when there is no page
   * to show again, and the error goes to the error handler instead.
   */
  locals: (req: Request<P>) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>;
  /** Does the work with the parsed body; an AppError it throws is shown on the form. */
  handle: (input: z.output<S>, req: Request<P>, res: Response) => Promise<void>;
}

/**
 * A form post that works with and without scripts: the body is parsed by `schema`, and a
 * failure (invalid input, or an AppError of `handle`) is answered by formFailure. Handlers
 * never catch.
 */
export function formRoute<S extends z.ZodType, P = Record<string, string>>({ view, schema, locals, handle }: FormRoute<S, P>): RequestHandler<P> {
  return async (req, res) => {
    try {
      const parsed = (typeof schema === 'function' ? schema(req) : schema).safeParse(req.body ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      await handle(parsed.data, req, res);
    } catch (error) {
      const page = error instanceof AppError ? await locals(req) : null;
      if (!page || !(error instanceof AppError)) throw error;
      formFailure(req as Request, res, view, error, page);
    }
  };
}
