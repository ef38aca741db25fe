// Redis channel names, built in one place.

/** A room's events (the original's Channels group name). */
export const roomChannel = (roomId: number) => `room_${roomId}`;

/** Control messages for every process. */
export const CONTROL_CHANNEL = 'codingline:control';

/** Reads a room id back from its channel name; null for anything else. */
export function roomIdOfChannel(channel: string): number | null {
  const match = /^room_(\d+)$/.exec(channel);
  return match ? Number(match[1]) : null;
}
