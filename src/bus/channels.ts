// Redis channel names, built in one place.

/** A room's events (the original's Channels group name). */
export const roomChannel = (roomId: number) => `room_${roomId}`;

/** One user's own events (read markers, mentions), for all their sockets. */
export const userChannel = (userId: number) => `user_${userId}`;

/** Control messages for every process. */
export const CONTROL_CHANNEL = 'codingline:control';

/** Reads a room id back from its channel name; null for anything else. */
export const roomIdOfChannel = (channel: string) => idOf(/^room_(\d+)$/, channel);

/** Reads a user id back from their channel name; null for anything else. */
export const userIdOfChannel = (channel: string) => idOf(/^user_(\d+)$/, channel);

function idOf(pattern: RegExp, channel: string): number | null {
  const match = pattern.exec(channel);
  return match ? Number(match[1]) : null;
}
