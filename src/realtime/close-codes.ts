/**
 * WebSocket close codes of the room socket, shared with the browser client. The 4xxx
 * codes mean "do not reconnect as is"; the others mean "reconnect (with ?after)".
 */
export const CLOSE = {
  goingAway: 1001,
  serverError: 1011,
  /** Reconnect (with ?after): events may have been missed while Redis was unreachable. */
  reconnect: 1012,
  notLoggedIn: 4001,
  noAccess: 4403,
  tooManySockets: 4429,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
