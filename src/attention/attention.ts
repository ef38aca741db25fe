import type { UserBus } from '../bus/bus.js';
import type { Database } from '../db/prisma.js';
import { createMentionNotices } from './mention-notices.js';
import { createReadMarkers } from './read-markers.js';

/** The attention feature's services (read markers, unread counts, mention notices), built once per process. */
export function createAttention({ db, bus }: { db: Database; bus: UserBus }) {
  const markers = createReadMarkers({ db, bus });
  return { markRead: markers.markRead, unreadCounts: markers.unreadCounts, notifyMentions: createMentionNotices({ db, bus }) };
}

export type Attention = ReturnType<typeof createAttention>;
