import * as z from 'zod/mini';

/**
 * Messages between server processes that are not room events: a scope each process acts
 * on for its own sockets (a logged-out session's sockets close everywhere).
 */
export const controlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session_ended'), sessionId: z.string() }),
  /** A user (or, with null, everyone) lost access to a room: drop what was cached about it. */
  z.object({ type: z.literal('access_revoked'), roomId: z.number(), userId: z.nullable(z.number()) }),
  /** A member changed what they hear of a room: forget who listens to every message there. */
  z.object({ type: z.literal('notify_levels_changed'), roomId: z.number() }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;
