import type { ChatAuthor } from '../bus/events.js';

/**
 * What the socket layer needs from the rooms domain, kept narrow so the socket code never
 * touches the database itself. Wired from src/collab and src/accounts in src/deps.ts.
 */
export interface RealtimeRooms {
  /** The room this user may open now; rejects with an AppError (404 or 403) otherwise. */
  access(slug: string, userId: number): Promise<{ roomId: number }>;
  /** Whether the user is still a member of the room and not banned. */
  stillAllowed(roomId: number, userId: number): Promise<boolean>;
  author(userId: number): Promise<ChatAuthor>;
  /** Whether the room lets this member remove messages of that author (the owner may). */
  mayRemoveMessageOf(roomId: number, actorId: number, authorId: number): Promise<boolean>;
  /** Marks these members active now (one write per presence refresh, not per message). */
  touchActivity(roomId: number, userIds: readonly number[]): Promise<void>;
}
