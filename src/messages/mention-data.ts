import { authorSelect, toChatAuthor } from '../accounts/authors.js';
import type { Database } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import { findMentions, type MentionCandidate } from './mentions.js';

type Reader = Database | Prisma.TransactionClient;

/** The room's members a message may mention: not banned, by the name the room shows. */
export async function mentionCandidates(db: Reader, roomId: number): Promise<MentionCandidate[]> {
  const rows = await db.roomMember.findMany({ where: { roomId, isBanned: false }, select: { user: { select: authorSelect } } });
  return rows.map(({ user }) => {
    const { id, name } = toChatAuthor(user);
    return { id, name };
  });
}

/** Who `text` mentions among the room's members; the members are read only when it holds an "@". */
export async function mentionsIn(db: Reader, roomId: number, text: string, authorId: number): Promise<number[]> {
  return text.includes('@') ? findMentions(text, await mentionCandidates(db, roomId), authorId) : [];
}
