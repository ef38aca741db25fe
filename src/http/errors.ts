/**
 * An expected failure with an HTTP status and a stable code; `message` is Korean text
 * shown to the user. The error handler turns it into JSON or a page.
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (message = '페이지를 찾을 수 없습니다.') => new AppError(404, 'NOT_FOUND', message);
