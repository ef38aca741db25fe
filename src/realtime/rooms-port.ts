import type { ChatAuthor, Notice, RoomSettings } from '../bus/events.js';

/** What a member's socket must know about them: until when (epoch ms) they are muted, 0 if not. */
export interface Standing {
  mutedUntil: number;
}

/**
 * What the socket layer needs from the rooms domain, kept narrow so the socket code never
 * touches the database itself. Wired from src/collab and src/accounts in src/deps.ts.
 */
export interface RealtimeRooms {
  /** The room this user may open now, and their standing in it; rejects with an AppError (404 or 403) otherwise. */
  access(slug: string, userId: number): Promise<{ roomId: number } & Standing>;
  /** The user's standing in the room while still a member and not banned; null otherwise. */
  standing(roomId: number, userId: number): Promise<Standing | null>;
  author(userId: number): Promise<ChatAuthor>;
  /** Whether the room lets this member remove messages of that author (the owner may; a moderator for ordinary members). */
  mayRemoveMessageOf(roomId: number, actorId: number, authorId: number): Promise<boolean>;
  /** The room's notice and settings now, sent to a reconnecting socket (they are not in the sequence replay). */
  state(roomId: number): Promise<{ notice: Notice | null; room: RoomSettings }>;
  /** Marks these members active now (one write per presence refresh, not per message). */
  touchActivity(roomId: number, userIds: readonly number[]): Promise<void>;
}

/** What the socket layer needs from read markers, mentions and notifications (src/attention, src/notifications). */
export interface RealtimeAttention {
  markRead(input: { roomId: number; userId: number; id: number }): Promise<{ marker: number }>;
  /**
   * A stored message was published to its room: tell the members it mentions (for an edit,
   * those it newly mentions) and notify whoever wants to hear of it (`isNew`: not an edit).
   */
  announce(roomId: number, message: { id: number; user: ChatAuthor; text: string }, scope: { mentions: readonly number[]; isNew: boolean }): Promise<void>;
}
