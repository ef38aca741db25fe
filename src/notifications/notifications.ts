import type { Bus } from '../bus/bus.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/prisma.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { createNotifier, type OnlineUsers } from './notifier.js';
import { createPushSender } from './push-sender.js';
import { createRoomListeners } from './room-listeners.js';
import { createNotificationSettings } from './settings.js';
import { createPushSubscriptions } from './subscriptions.js';

/** The notifications feature's services (settings, push subscriptions, the notifier), built once per process. */
export function createNotifications(deps: { db: Database; bus: Bus; online: OnlineUsers; rateLimiter: RateLimiter; config: Config['notifications']; logger: Logger }) {
  const { db, bus, online, rateLimiter, config, logger } = deps;
  const subscriptions = createPushSubscriptions({ db });
  const listeners = createRoomListeners({ db, bus });
  const push = config.push ? createPushSender({ config: config.push, rate: config.pushRate, subscriptions, rateLimiter, logger }) : null;
  return {
    settings: createNotificationSettings({ db, listeners }),
    subscriptions,
    /** Web Push settings; null when it is off (no VAPID keys). */
    pushConfig: config.push,
    announce: createNotifier({ db, bus, online, push, listeners, logger }),
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
