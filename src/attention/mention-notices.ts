import type { UserBus } from '../bus/bus.js';
import type { ChatAuthor } from '../bus/events.js';
import type { Database } from '../db/prisma.js';

/** How much of a mentioning message its notice quotes. */
export const EXCERPT_LENGTH = 100;

/**
 * Tells mentioned members, on every socket of theirs (room pages, the home page), that a
 * message mentions them. Sent after the message was stored and published to its room.
 */
export function createMentionNotices({ db, bus }: { db: Database; bus: UserBus }) {
  return async function notify(roomId: number, message: { id: number; user: ChatAuthor; text: string }, userIds: readonly number[]): Promise<void> {
    if (userIds.length === 0) return;
    // Read now, not cached: the notice links to the room as it is called now.
    const room = await db.room.findUnique({ where: { id: roomId }, select: { slug: true, name: true } });
    if (!room) return;
    const event = { event: 'mention', room: room.slug, room_name: room.name, id: message.id, user: message.user, excerpt: excerpt(message.text) } as const;
    await Promise.all(userIds.map((userId) => bus.toUser(userId, event)));
  };
}

export type MentionNotices = ReturnType<typeof createMentionNotices>;

/** The first EXCERPT_LENGTH characters (whole code points, so no emoji is cut in half). */
export function excerpt(text: string): string {
  const characters = [...text];
  return characters.length <= EXCERPT_LENGTH ? text : `${characters.slice(0, EXCERPT_LENGTH).join('')}…`;
}
