/**
 * An expected failure with an HTTP status and a stable code; `message` is Korean text
 * shown to the user. HTTP answers and socket error events are made from it in one place
 * each (src/http/error-handler.ts, the hub's error event).
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
