import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import type { TimelineEvent } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import { messageWithReactionsSelect, reactionCounts, toTimelineEntry } from './message-events.js';

/** Change records older than this are pruned; a client that has been away longer reloads. */
export const CHANGES_KEPT_DAYS = 7;

/**
 * What a client that saw the room's timeline up to `since` missed, in sequence order: new
 * messages (numbered by messages.seq) and changes to older ones (room_changes), each as
 * the event the room got live, carrying what the message is *now* (its current text,
 * reactions, tombstone), so a client applying them in order ends where the room is.
 * Every number after `since` is in the answer, so a client can tell it has them all.
 * 'resync' when more than `limit` were missed, or the room's change records from after
 * `since` were pruned: the client reloads history over HTTP instead.
 */
export function createReplay({ db }: { db: Database }) {
  async function since({ roomId, since, limit, viewerId }: { roomId: number; since: number; limit: number; viewerId: number }): Promise<TimelineEvent[] | 'resync'> {
    const room = await db.room.findUnique({ where: { id: roomId }, select: { lastSeq: true, changesFloorSeq: true } });
    if (!room || since > room.lastSeq) return 'resync';
    if (room.lastSeq - since > limit || since < room.changesFloorSeq) return 'resync';
    if (room.lastSeq === since) return [];
    const [created, changes] = await Promise.all([
      db.message.findMany({ where: { roomId, seq: { gt: since } }, orderBy: { seq: 'asc' }, select: messageWithReactionsSelect }),
      db.roomChange.findMany({
        where: { roomId, seq: { gt: since } },
        orderBy: { seq: 'asc' },
        select: { seq: true, kind: true, emoji: true, reactionOn: true, user: { select: authorSelect }, message: { select: messageWithReactionsSelect } },
      }),
    ]);
    const events: TimelineEvent[] = [
      ...created.map((message) => toTimelineEntry(message, viewerId)),
      ...changes.map((change): TimelineEvent => {
        const { message, seq } = change;
        switch (change.kind) {
          case 'edit':
            return {
              event: 'edit',
              id: message.id,
              seq,
              message: message.content ?? '',
              ...(message.mentions.length > 0 ? { mentions: message.mentions.map((mention) => mention.userId) } : {}),
              edited_at: (message.editedAt ?? message.createdAt).toISOString(),
            };
          case 'delete':
            return { event: 'delete', id: message.id, seq };
          case 'reaction':
            return {
              event: 'reaction',
              id: message.id,
              seq,
              emoji: change.emoji ?? '',
              reactions: reactionCounts(message.reactions),
              user: change.user ? toChatAuthor(change.user) : { id: 0, name: '', avatar: null },
              on: change.reactionOn ?? false,
            };
        }
      }),
    ];
    return events.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Drops change records older than CHANGES_KEPT_DAYS, raising each room's floor first so
   * replay answers 'resync' below it. Idempotent; several processes may run it.
   */
  async function prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - CHANGES_KEPT_DAYS * 24 * 60 * 60 * 1000);
    await db.$executeRaw`
      UPDATE rooms AS r
      JOIN (SELECT room_id, MAX(seq) AS top FROM room_changes WHERE created_at < ${cutoff} GROUP BY room_id) AS old ON old.room_id = r.id
      SET r.changes_floor_seq = GREATEST(r.changes_floor_seq, old.top)`;
    return db.roomChange.deleteMany({ where: { createdAt: { lt: cutoff } } }).then((result) => result.count);
  }

  return { since, prune };
}

export type Replay = ReturnType<typeof createReplay>;
