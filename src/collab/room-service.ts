import type { RoomBus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { createRoomAccess } from './room-access.js';
import { createRoomCreator } from './room-create.js';
import { createRoomEntry } from './room-entry.js';
import { createRoomSettings } from './room-settings.js';

export interface RoomServiceDeps {
  db: Database;
  bus: RoomBus;
  /** Counts room-password guesses (Redis when several processes share the limit). */
  rateLimiter: RateLimiter;
  /** bcrypt work factor for room passwords (the configured BCRYPT_COST). */
  bcryptCost: number;
}

/**
 * Creating, entering and opening rooms: the domain rules behind `POST /rooms`,
 * `POST /rooms/<slug>/enter` and the access checks of the room page, its history, its
 * socket and its invitation link, and the owner's room settings. Listing lives in room-queries.ts, owner controls in moderation.ts.
 */
export function createRoomService({ db, bus, rateLimiter, bcryptCost }: RoomServiceDeps) {
  const createRoom = createRoomCreator({ db, bcryptCost });
  const access = createRoomAccess({ db });
  const { enterRoom } = createRoomEntry({ db, bus, rateLimiter, access });
  return { createRoom, enterRoom, updateSettings: createRoomSettings({ db, bus, bcryptCost }), ...access };
}

export type RoomService = ReturnType<typeof createRoomService>;
