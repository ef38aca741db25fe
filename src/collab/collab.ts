import type { Database } from '../db/prisma.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import type { RoomBus } from '../realtime/events.js';
import { createImageService } from './image-service.js';
import { createModerationService } from './moderation.js';
import { createRealtimeRooms } from './realtime-rooms.js';
import { createRoomQueries } from './room-queries.js';
import { createRoomService } from './room-service.js';

/** The collab feature's services, built once per process and shared by HTTP and sockets. */
export interface CollabDeps {
  db: Database;
  bus: RoomBus;
  rateLimiter: RateLimiter;
  bcryptCost: number;
  mediaRoot: string;
}

export function createCollab({ db, bus, rateLimiter, bcryptCost, mediaRoot }: CollabDeps) {
  const rooms = createRoomService({ db, bus, rateLimiter, bcryptCost });
  return {
    rooms,
    queries: createRoomQueries({ db }),
    moderation: createModerationService({ db, bus }),
    images: createImageService({ db, bus, mediaRoot }),
    realtimeRooms: createRealtimeRooms({ db, rooms }),
  };
}

export type Collab = ReturnType<typeof createCollab>;
