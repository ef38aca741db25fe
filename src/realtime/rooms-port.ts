import type { ChatAuthor, RoomEvent } from './events.js';

/**
 * What the real-time layer needs from the rooms domain, kept narrow so the socket code
 * never touches the database itself. Implemented in src/collab/realtime-rooms.ts.
 */
export interface RealtimeRooms {
  /** The room this user may open now; rejects with an AppError (404 or 403) otherwise. */
  access(slug: string, userId: number): Promise<{ roomId: number }>;
  /** Whether the user is still a member of the room and not banned. */
  stillAllowed(roomId: number, userId: number): Promise<boolean>;
  author(userId: number): Promise<ChatAuthor>;
  /**
   * Stores a chat message, once per (user, clientId): a repeated clientId returns the
   * first message with `duplicate: true` and stores nothing.
   */
  postChat(input: { roomId: number; userId: number; text: string; clientId: string | null }): Promise<{ event: RoomEvent & { event: 'chat' }; duplicate: boolean }>;
  /** Up to `limit` messages with an id above `afterId`, oldest first, as chat/image events. */
  missedSince(roomId: number, afterId: number, limit: number): Promise<RoomEvent[]>;
  /** Marks these members active now (one write per presence refresh, not per message). */
  touchActivity(roomId: number, userIds: readonly number[]): Promise<void>;
}
