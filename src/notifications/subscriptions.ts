import { createHash } from 'node:crypto';
import type { Database } from '../db/prisma.js';

/** A browser's push subscription as PushSubscription.toJSON() gives it (keys flattened). */
export interface SubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface StoredSubscription extends SubscriptionInput {
  id: number;
}

const hashOf = (endpoint: string) => createHash('sha256').update(endpoint).digest('hex');

/**
 * Push subscriptions, one per browser (device) and user. A browser's endpoint belongs to
 * whoever subscribed it last: signing in as someone else on the same browser moves it.
 */
export function createPushSubscriptions({ db }: { db: Database }) {
  return {
    async save(userId: number, input: SubscriptionInput): Promise<void> {
      const endpointHash = hashOf(input.endpoint);
      await db.pushSubscription.upsert({
        where: { endpointHash },
        create: { userId, endpointHash, ...input },
        update: { userId, p256dh: input.p256dh, auth: input.auth },
      });
    },

    /** Removes the user's subscription of this endpoint; false when there was none. */
    async remove(userId: number, endpoint: string): Promise<boolean> {
      const { count } = await db.pushSubscription.deleteMany({ where: { userId, endpointHash: hashOf(endpoint) } });
      return count > 0;
    },

    ofUser(userId: number): Promise<StoredSubscription[]> {
      return db.pushSubscription.findMany({ where: { userId }, select: { id: true, endpoint: true, p256dh: true, auth: true } });
    },

    /** The push service said this subscription is gone (404/410). */
    async expired(id: number): Promise<void> {
      await db.pushSubscription.deleteMany({ where: { id } });
    },
  };
}

export type PushSubscriptions = ReturnType<typeof createPushSubscriptions>;
