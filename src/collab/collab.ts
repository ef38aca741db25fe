import type { ProcessBus, RoomBus } from '../bus/bus.js';
import type { ChatAuthor } from '../bus/events.js';
import type { UploadLimits } from '../config/config.js';
import type { Database } from '../db/prisma.js';
import type { MediaFiles } from '../media/media-files.js';
import type { MessageStore } from '../messages/message-store.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { createImageService } from './image-service.js';
import { createMembership } from './membership.js';
import { createModerationService } from './moderation.js';
import { createModeratorService } from './moderators.js';
import { createNoticeService } from './notice.js';
import { createRoomQueries } from './room-queries.js';
import { createRoomService } from './room-service.js';

/** The collab feature's services, built once per process and shared by HTTP and sockets. */
export interface CollabDeps {
  db: Database;
  bus: RoomBus & ProcessBus;
  messages: MessageStore;
  files: MediaFiles;
  rateLimiter: RateLimiter;
  bcryptCost: number;
  uploadLimits: UploadLimits;
  /** Tells who hears of a new message (notifications); collab never imports them. */
  announce: (roomId: number, message: { id: number; user: ChatAuthor; text: string }) => Promise<void>;
}

export function createCollab({ db, bus, messages, files, rateLimiter, bcryptCost, uploadLimits, announce }: CollabDeps) {
  const rooms = createRoomService({ db, bus, rateLimiter, bcryptCost });
  return {
    rooms,
    queries: createRoomQueries({ db }),
    moderation: createModerationService({ db, bus, files }),
    moderators: createModeratorService({ db, bus }),
    notices: createNoticeService({ db, bus }),
    images: createImageService({ messages, bus, files, limits: uploadLimits, announce }),
    membership: createMembership({ db, rooms }),
  };
}

export type Collab = ReturnType<typeof createCollab>;
