import type { RoomBus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';
import type { MessageStore } from '../messages/message-store.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { createImageService } from './image-service.js';
import { createMembership } from './membership.js';
import { createModerationService } from './moderation.js';
import { createRoomQueries } from './room-queries.js';
import { createRoomService } from './room-service.js';

/** The collab feature's services, built once per process and shared by HTTP and sockets. */
export interface CollabDeps {
  db: Database;
  bus: RoomBus;
  messages: MessageStore;
  rateLimiter: RateLimiter;
  bcryptCost: number;
  mediaRoot: string;
}

export function createCollab({ db, bus, messages, rateLimiter, bcryptCost, mediaRoot }: CollabDeps) {
  const rooms = createRoomService({ db, bus, rateLimiter, bcryptCost });
  return {
    rooms,
    queries: createRoomQueries({ db }),
    moderation: createModerationService({ db, bus }),
    images: createImageService({ messages, bus, mediaRoot }),
    membership: createMembership({ db, rooms }),
  };
}

export type Collab = ReturnType<typeof createCollab>;
