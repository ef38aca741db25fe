import * as z from 'zod/mini';

// The events a room socket receives, one union shared by the server (which publishes
// them through the bus) and the browser client (which validates every frame against
// these schemas before trusting it). Types are inferred from the schemas, so the two
// can never disagree. docs/protocol.md describes each; a test keeps the list in step.

const id = z.number();

export const chatAuthorSchema = z.object({ id, name: z.string(), avatar: z.nullable(z.string()) });
export type ChatAuthor = z.infer<typeof chatAuthorSchema>;

export const MEMBER_ROLES = ['owner', 'moderator', 'member'] as const;
const memberRole = z.enum(MEMBER_ROLES);
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The room's sequence number of a timeline change (see docs/protocol.md, recovery). */
const seq = z.number();
const reactionCounts = z.record(z.string(), z.number());

/**
 * What a message looks like now, on history entries and replayed messages: edited, deleted
 * (a tombstone without text or image), reactions (emoji → count) and the viewer's own.
 */
const messageState = {
  edited_at: z.optional(z.nullable(z.string())),
  deleted: z.optional(z.boolean()),
  reactions: z.optional(reactionCounts),
  mine: z.optional(z.array(z.string())),
};

/** The members a chat message mentions (user ids); left out of live events when none. */
const mentions = z.optional(z.array(id));

/**
 * The message a chat answers (답장), as it is now: its author and its text's first
 * characters (`excerpt`, at most 100); `deleted` once it is a tombstone (no excerpt then),
 * `image` when it is an image (the excerpt is then its caption, if any).
 */
export const replyQuoteSchema = z.object({ id, user: chatAuthorSchema, excerpt: z.string(), deleted: z.optional(z.boolean()), image: z.optional(z.boolean()) });
export type ReplyQuote = z.infer<typeof replyQuoteSchema>;

export const chatEventSchema = z.object({
  event: z.literal('chat'),
  id,
  seq,
  user: chatAuthorSchema,
  message: z.optional(z.string()),
  mentions,
  /** Present on replies only. */
  reply_to: z.optional(replyQuoteSchema),
  ts: z.string(),
  ...messageState,
});
export const imageEventSchema = z.object({
  event: z.literal('image'),
  id,
  seq,
  user: chatAuthorSchema,
  /** The display image (≤ 2048 px), and the thumbnail (≤ 480 px) the timeline shows. */
  url: z.string(),
  thumb_url: z.string(),
  /** The image's size in pixels; null only for images stored before sizes were kept. */
  width: z.nullable(z.number()),
  height: z.nullable(z.number()),
  ts: z.string(),
  /** The caption. */
  message: z.optional(z.string()),
  ...messageState,
});
/** The reactions a message can get (❤️ is U+2764 U+FE0F). */
export const REACTION_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

export const SYSTEM_KINDS = ['join', 'leave', 'kick', 'unban', 'transfer', 'mute'] as const;
/** A line of the timeline about the room itself: `user` acted, `target` was concerned. */
export const systemEventSchema = z.object({
  event: z.literal('system'),
  id,
  seq,
  kind: z.enum(SYSTEM_KINDS),
  user: z.nullable(chatAuthorSchema),
  target: z.nullable(chatAuthorSchema),
  ts: z.string(),
});

/** The room's pinned notice (공지): its text, the message it was copied from (or null), who pinned it and when. */
export const noticeSchema = z.object({ text: z.string(), message_id: z.nullable(id), by: z.nullable(chatAuthorSchema), at: z.string() });
export type Notice = z.infer<typeof noticeSchema>;

/** What a room's settings are now, as members may see them (never the password itself). */
export const roomSettingsSchema = z.object({
  name: z.string(),
  slug: z.string(),
  topic: z.string(),
  capacity: z.number(),
  has_password: z.boolean(),
  is_private: z.boolean(),
  tags: z.array(z.string()),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;

/** Events published to every socket of a room, on every process. */
export const roomEventSchema = z.discriminatedUnion('event', [
  chatEventSchema,
  imageEventSchema,
  systemEventSchema,
  z.object({ event: z.literal('edit'), id, seq, message: z.string(), mentions, edited_at: z.string() }),
  z.object({ event: z.literal('delete'), id, seq }),
  z.object({ event: z.literal('reaction'), id, seq, emoji: z.string(), reactions: reactionCounts, user: chatAuthorSchema, on: z.boolean() }),
  z.object({ event: z.literal('member_joined'), user: chatAuthorSchema, role: memberRole }),
  z.object({ event: z.literal('member_left'), userId: id }),
  z.object({ event: z.literal('member_kicked'), userId: id, by: id }),
  z.object({ event: z.literal('member_unbanned'), userId: id, by: id }),
  z.object({ event: z.literal('owner_changed'), ownerId: id, previousOwnerId: id }),
  z.object({ event: z.literal('member_muted'), userId: id, until: z.string(), by: id }),
  z.object({ event: z.literal('member_unmuted'), userId: id, by: id }),
  z.object({ event: z.literal('role_changed'), userId: id, role: memberRole }),
  z.object({ event: z.literal('notice'), notice: z.nullable(noticeSchema) }),
  z.object({ event: z.literal('room_updated'), room: roomSettingsSchema }),
  z.object({ event: z.literal('room_deleted') }),
  z.object({ event: z.literal('presence'), online: z.array(id) }),
  z.object({ event: z.literal('user_joined'), user: chatAuthorSchema }),
  z.object({ event: z.literal('user_left'), userId: id }),
  z.object({ event: z.literal('typing'), user: chatAuthorSchema }),
]);
export type RoomEvent = z.infer<typeof roomEventSchema>;
export type ChatEvent = z.infer<typeof chatEventSchema>;

/** A stored message as every client gets it: live, replayed, or in history. */
export const messageEventSchema = z.discriminatedUnion('event', [chatEventSchema, imageEventSchema, systemEventSchema]);
export type MessageEvent = z.infer<typeof messageEventSchema>;
export type SystemEvent = z.infer<typeof systemEventSchema>;
export type SystemKind = (typeof SYSTEM_KINDS)[number];
/** Events that change the timeline: each carries the room's next `seq`. */
export type TimelineEvent = Extract<RoomEvent, { seq: number }>;

/**
 * A notice of a message for one user: on their open pages (the `notify` event, with their
 * `sound` and `popup` switches) or, with no page open, as a Web Push payload (without them).
 */
export const messageNoticeSchema = z.object({
  room: z.string(),
  room_name: z.string(),
  id,
  user: chatAuthorSchema,
  excerpt: z.string(),
  /** A mention of the user, or any message of a room they hear everything of. */
  reason: z.enum(['mention', 'message']),
});
export type MessageNotice = z.infer<typeof messageNoticeSchema>;
const notifyEventSchema = z.object({ event: z.literal('notify'), ...messageNoticeSchema.shape, sound: z.boolean(), popup: z.boolean() });
export type NotifyEvent = z.infer<typeof notifyEventSchema>;

/**
 * Events for one user, published on their own channel: every socket of theirs gets them,
 * on every process (room pages and the home page). `room` is the room's slug.
 */
export const userEventSchema = z.discriminatedUnion('event', [
  /** Their read marker in `room` moved to message `id` (on another tab or device, maybe). */
  z.object({ event: z.literal('read'), room: z.string(), id }),
  /** Message `id` in `room` mentions them. */
  z.object({ event: z.literal('mention'), room: z.string(), room_name: z.string(), id, user: chatAuthorSchema, excerpt: z.string() }),
  /** Notify them of message `id` in `room` (src/notifications): pop up unless it is on screen, maybe with a sound. */
  notifyEventSchema,
]);
export type UserEvent = z.infer<typeof userEventSchema>;

/** Events sent to one socket only, never through the bus. */
export const directEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('ack'), client_id: z.string(), id }),
  z.object({ event: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ event: z.literal('resync') }),
]);
export type DirectEvent = z.infer<typeof directEventSchema>;

/** Everything a room socket can receive. */
export const serverEventSchema = z.union([roomEventSchema, userEventSchema, directEventSchema]);
export type ServerEvent = RoomEvent | UserEvent | DirectEvent;
export type ServerEventName = ServerEvent['event'];

/** The frames a client sends (`action`), as documented; the server parses them by hand in realtime/frames.ts. */
export type ClientFrame =
  | { action: 'chat'; message: string; client_id?: string; reply_to?: number }
  | { action: 'typing' }
  | { action: 'edit'; id: number; message: string }
  | { action: 'delete'; id: number }
  | { action: 'react'; id: number; emoji: string }
  | { action: 'read'; id: number };
