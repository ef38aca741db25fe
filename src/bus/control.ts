import * as z from 'zod/mini';

/**
 * Messages between server processes that are not room events: a scope each process acts
 * on for its own sockets (a logged-out session's sockets close everywhere).
 */
export const controlMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('session_ended'), sessionId: z.string() })]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;
