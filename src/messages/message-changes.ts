import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import { REACTION_EMOJI, type RoomEvent } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { Prisma } from '../generated/prisma/client.js';
import type { MediaFiles } from '../media/media-files.js';
import { mentionsIn } from './mention-data.js';
import { messageSelect, reactionCounts, type StoredMessage } from './message-events.js';
import { replaceGrams } from './search-index.js';
import { nextSeq } from './sequence.js';

type Tx = Prisma.TransactionClient;

export type EditEvent = Extract<RoomEvent, { event: 'edit' }>;
export type DeleteEvent = Extract<RoomEvent, { event: 'delete' }>;
export type ReactionEvent = Extract<RoomEvent, { event: 'reaction' }>;

/**
 * Changes to stored messages: edit, delete (a tombstone), react. Each runs in one
 * transaction that takes the room's next sequence number (and so its row lock), checks the
 * rules on the row as it is then, changes it and records the change for replay.
 */
export interface MessageChangesDeps {
  db: Database;
  editWindowMs: number;
  /** Where a deleted image's files go. */
  files: Pick<MediaFiles, 'remove'>;
  now?: () => Date;
}

export function createMessageChanges({ db, editWindowMs, files, now = () => new Date() }: MessageChangesDeps) {
  /**
   * The author only, within the edit window; not a deleted or system message. The mentions
   * follow the new text; `newMentions` are the members it mentions now and did not before.
   */
  async function edit({ roomId, userId, id, text }: { roomId: number; userId: number; id: number; text: string }): Promise<{ event: EditEvent; newMentions: number[] }> {
    return change(roomId, id, async (tx, message, seq) => {
      if (message.user.id !== userId) throw appError('NOT_AUTHOR');
      if (now().getTime() - message.createdAt.getTime() > editWindowMs) throw appError('EDIT_WINDOW_PASSED', { minutes: Math.round(editWindowMs / 60_000) });
      const editedAt = now();
      await tx.message.update({ where: { id }, data: { content: text, editedAt } });
      await replaceGrams(tx, { roomId, seq: message.seq, from: message.content, to: text });
      await tx.roomChange.create({ data: { roomId, seq, messageId: id, kind: 'edit', userId } });
      const { mentions, added } = await replaceMentions(tx, { roomId, id, text, authorId: userId });
      return { event: { event: 'edit', id, seq, message: text, ...(mentions.length > 0 ? { mentions } : {}), edited_at: editedAt.toISOString() }, newMentions: added };
    });
  }

  /**
   * The author, or someone the room lets remove the author's messages (`mayRemoveOthers`,
   * the room's rules): text and image go, a tombstone stays; an image's files (both
   * variants) are removed once that is committed.
   */
  async function remove({ roomId, userId, id, mayRemoveOthers }: { roomId: number; userId: number; id: number; mayRemoveOthers: (authorId: number) => Promise<boolean> }): Promise<DeleteEvent> {
    const { event, imageKeys } = await change(roomId, id, async (tx, message, seq) => {
      if (message.user.id !== userId && !(await mayRemoveOthers(message.user.id))) throw appError('NOT_AUTHOR');
      await tx.message.update({ where: { id }, data: { content: null, image: null, thumbnail: null, imageWidth: null, imageHeight: null, deletedAt: now() } });
      await replaceGrams(tx, { roomId, seq: message.seq, from: message.content, to: null });
      await tx.reaction.deleteMany({ where: { messageId: id } });
      await tx.roomChange.create({ data: { roomId, seq, messageId: id, kind: 'delete', userId } });
      return { event: { event: 'delete', id, seq } as const, imageKeys: [message.image, message.thumbnail].filter((key) => key !== null) };
    });
    if (imageKeys.length > 0) await files.remove(imageKeys);
    return event;
  }

  /** Toggles the user's reaction: on when they had none with this emoji, off when they had. */
  async function react({ roomId, userId, id, emoji }: { roomId: number; userId: number; id: number; emoji: string }): Promise<ReactionEvent> {
    if (!(REACTION_EMOJI as readonly string[]).includes(emoji)) throw appError('BAD_EMOJI', { allowed: REACTION_EMOJI.join(' ') });
    return change(roomId, id, async (tx, _message, seq) => {
      const removed = await tx.reaction.deleteMany({ where: { messageId: id, userId, emoji } });
      const on = removed.count === 0;
      if (on) await tx.reaction.create({ data: { messageId: id, userId, emoji } });
      await tx.roomChange.create({ data: { roomId, seq, messageId: id, kind: 'reaction', userId, emoji, reactionOn: on } });
      const reactions = reactionCounts(await tx.reaction.findMany({ where: { messageId: id }, select: { emoji: true } }));
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: authorSelect });
      return { event: 'reaction', id, seq, emoji, reactions, user: toChatAuthor(user), on };
    });
  }

  /**
   * The common course: lock the room by taking its next number, read the message as it is
   * now (it must be this room's, neither deleted nor a system line), then `apply`.
   */
  function change<T>(roomId: number, id: number, apply: (tx: Tx, message: StoredMessage, seq: number) => Promise<T>): Promise<T> {
    return db.$transaction(
      async (tx) => {
        const seq = await nextSeq(tx, roomId);
        const message = await tx.message.findFirst({ where: { id, roomId }, select: messageSelect });
        if (!message || message.deletedAt || message.systemKind) throw appError('MESSAGE_NOT_FOUND');
        return apply(tx, message, seq);
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
    );
  }

  return { edit, remove, react };
}

/** Sets a message's mentions to those of its new text; answers them all, and the new ones. */
async function replaceMentions(tx: Tx, { roomId, id, text, authorId }: { roomId: number; id: number; text: string; authorId: number }): Promise<{ mentions: number[]; added: number[] }> {
  const mentions = await mentionsIn(tx, roomId, text, authorId);
  const before = await tx.messageMention.findMany({ where: { messageId: id }, select: { userId: true } });
  const had = new Set(before.map((row) => row.userId));
  await tx.messageMention.deleteMany({ where: { messageId: id, userId: { notIn: mentions } } });
  const added = mentions.filter((userId) => !had.has(userId));
  if (added.length > 0) await tx.messageMention.createMany({ data: added.map((userId) => ({ messageId: id, userId })) });
  return { mentions, added };
}

export type MessageChanges = ReturnType<typeof createMessageChanges>;
