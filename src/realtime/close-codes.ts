/**
 * WebSocket close codes of the room socket, shared with the browser client. After 4001
 * and 4403 reconnecting cannot help (log in; no access); after the others the client
 * reconnects with backoff and `?after`, which replays what it missed.
 */
export const CLOSE = {
  goingAway: 1001,
  /** The client broke the frame limits (too many frames waiting); it may reconnect. */
  policyViolation: 1008,
  serverError: 1011,
  /** Reconnect (with ?after): events may have been missed while Redis was unreachable. */
  reconnect: 1012,
  /** Sent by the client: it closes to reconnect at once with ?since (a sequence gap stayed open). */
  catchUp: 4000,
  notLoggedIn: 4001,
  noAccess: 4403,
  tooManySockets: 4429,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
