/**
 * Every event the server sends to room sockets, one union. Routes and services publish
 * these through a RoomBus; only the WebSocket hub knows sockets.
 */
export interface ChatAuthor {
  id: number;
  name: string;
  avatar: string | null;
}

export type RoomEvent =
  | { event: 'chat'; id: number; user: ChatAuthor; message: string; ts: string }
  | { event: 'image'; id: number; user: ChatAuthor; url: string; ts: string; message?: string }
  | { event: 'member_joined'; user: ChatAuthor; role: 'owner' | 'member' }
  | { event: 'member_left'; userId: number }
  | { event: 'member_kicked'; userId: number; by: number }
  | { event: 'member_unbanned'; userId: number; by: number }
  | { event: 'owner_changed'; ownerId: number; previousOwnerId: number }
  | { event: 'room_deleted' }
  | { event: 'presence'; online: number[] }
  | { event: 'user_joined'; user: ChatAuthor }
  | { event: 'user_left'; userId: number }
  | { event: 'typing'; user: ChatAuthor };

/** Events sent to one socket only, never through the bus. */
export type DirectEvent =
  | { event: 'ack'; client_id: string; id: number }
  | { event: 'error'; code: string; message: string }
  | { event: 'resync' };

/** Publishes a room's events to every server process (Redis pub/sub, or in-process). */
export interface RoomBus {
  toRoom(roomId: number, event: RoomEvent): Promise<void>;
}
