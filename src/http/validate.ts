import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { validationError } from '../errors/validation.js';

/**
 * Validation at the edge: parses the request's `body` (or `query`) with `schema` and calls
 * `handler` with the typed result; a failure is a 400 VALIDATION_FAILED naming the field.
 */
export function validate<S extends z.ZodType, P = Record<string, string>>(
  schema: S,
  handler: (input: z.output<S>, req: Request<P>, res: Response) => Promise<void> | void,
  from: 'body' | 'query' = 'body',
): RequestHandler<P> {
  return async (req, res) => {
    const parsed = schema.safeParse((from === 'body' ? req.body : req.query) ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    await handler(parsed.data, req, res);
  };
}
