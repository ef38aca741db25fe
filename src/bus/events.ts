import * as z from 'zod/mini';

// The events a room socket receives, one union shared by the server (which publishes
// them through the bus) and the browser client (which validates every frame against
// these schemas before trusting it). Types are inferred from the schemas, so the two
// can never disagree. docs/protocol.md describes each; a test keeps the list in step.

const id = z.number();

export const chatAuthorSchema = z.object({ id, name: z.string(), avatar: z.nullable(z.string()) });
export type ChatAuthor = z.infer<typeof chatAuthorSchema>;

const memberRole = z.enum(['owner', 'member']);

export const chatEventSchema = z.object({ event: z.literal('chat'), id, user: chatAuthorSchema, message: z.string(), ts: z.string() });
export const imageEventSchema = z.object({
  event: z.literal('image'),
  id,
  user: chatAuthorSchema,
  url: z.string(),
  ts: z.string(),
  message: z.optional(z.string()),
});

/** Events published to every socket of a room, on every process. */
export const roomEventSchema = z.discriminatedUnion('event', [
  chatEventSchema,
  imageEventSchema,
  z.object({ event: z.literal('member_joined'), user: chatAuthorSchema, role: memberRole }),
  z.object({ event: z.literal('member_left'), userId: id }),
  z.object({ event: z.literal('member_kicked'), userId: id, by: id }),
  z.object({ event: z.literal('member_unbanned'), userId: id, by: id }),
  z.object({ event: z.literal('owner_changed'), ownerId: id, previousOwnerId: id }),
  z.object({ event: z.literal('room_deleted') }),
  z.object({ event: z.literal('presence'), online: z.array(id) }),
  z.object({ event: z.literal('user_joined'), user: chatAuthorSchema }),
  z.object({ event: z.literal('user_left'), userId: id }),
  z.object({ event: z.literal('typing'), user: chatAuthorSchema }),
]);
export type RoomEvent = z.infer<typeof roomEventSchema>;
export type ChatEvent = z.infer<typeof chatEventSchema>;

/** A stored message as every client gets it: live, replayed, or in history. */
export const messageEventSchema = z.discriminatedUnion('event', [chatEventSchema, imageEventSchema]);
export type MessageEvent = z.infer<typeof messageEventSchema>;

/** Events sent to one socket only, never through the bus. */
export const directEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('ack'), client_id: z.string(), id }),
  z.object({ event: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ event: z.literal('resync') }),
]);
export type DirectEvent = z.infer<typeof directEventSchema>;

/** Everything a room socket can receive. */
export const serverEventSchema = z.union([roomEventSchema, directEventSchema]);
export type ServerEvent = RoomEvent | DirectEvent;
export type ServerEventName = ServerEvent['event'];

/** The frames a client sends (`action`), as documented; the server parses them by hand in realtime/frames.ts. */
export type ClientFrame = { action: 'chat'; message: string; client_id?: string } | { action: 'typing' };
