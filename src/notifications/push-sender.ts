import webpush, { WebPushError } from 'web-push';
import type { MessageNotice } from '../bus/events.js';
import type { PushConfig, Rate } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { isPushServiceEndpoint } from './push-endpoint.js';
import type { PushSubscriptions, StoredSubscription } from './subscriptions.js';

/** How long a push service keeps a message for a device that is off: a notice older than this is news no more. */
const PUSH_TTL_SECONDS = 4 * 3600;
/** A push service that does not answer in this long is given up on for this message. */
const PUSH_TIMEOUT_MS = 10_000;

export interface PushDeps {
  config: PushConfig;
  rate: Rate;
  subscriptions: PushSubscriptions;
  rateLimiter: RateLimiter;
  logger: Logger;
}

/**
 * Sends a notice to every device of a user by Web Push (the `web-push` package: VAPID and
 * the aes128gcm payload encryption). At most `rate` pushes per user over all devices; one
 * topic per room, so a push service that still holds an undelivered notice of the room
 * replaces it. A subscription the push service no longer knows (404, 410) is deleted.
 */
export function createPushSender({ config, rate, subscriptions, rateLimiter, logger }: PushDeps) {
  const vapidDetails = { subject: config.subject, publicKey: config.publicKey, privateKey: config.privateKey };

  async function sendTo(subscription: StoredSubscription, payload: string, options: webpush.RequestOptions): Promise<void> {
    if (!isPushServiceEndpoint(config.serviceOrigins, subscription.endpoint)) return subscriptions.expired(subscription.id);
    try {
      await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, options);
    } catch (error) {
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) return subscriptions.expired(subscription.id);
      logger.warn({ err: error, subscriptionId: subscription.id }, 'Web Push failed');
    }
  }

  return {
    /** Pushes `notice` (of room `roomId`) to the user's devices; false when the user's push rate was used up. */
    async deliver(userId: number, roomId: number, notice: MessageNotice): Promise<boolean> {
      const limit = await rateLimiter.hit(`push:user:${userId}`, rate.limit, rate.windowSeconds);
      if (!limit.allowed) return false;
      const devices = await subscriptions.ofUser(userId);
      const options: webpush.RequestOptions = {
        vapidDetails,
        TTL: PUSH_TTL_SECONDS,
        topic: `room${roomId}`,
        urgency: notice.reason === 'mention' ? 'high' : 'normal',
        timeout: PUSH_TIMEOUT_MS,
      };
      const payload = JSON.stringify(notice);
      await Promise.all(devices.map((device) => sendTo(device, payload, options)));
      return true;
    },
  };
}

export type PushSender = ReturnType<typeof createPushSender>;
