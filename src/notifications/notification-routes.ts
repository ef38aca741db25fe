import { Router, type Request } from 'express';
import path from 'node:path';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import type { RoomService } from '../collab/room-service.js';
import { appError } from '../errors/catalogue.js';
import { validate } from '../http/validate.js';
import type { Notifications } from './notifications.js';
import { isPushServiceEndpoint } from './push-endpoint.js';
import { roomLevelSchema, subscriptionSchema, switchesSchema, unsubscribeSchema } from './schemas.js';

/**
 * `GET /sw.js`: the service worker bundle (src/client/sw, built into public/js/sw.js). Served
 * from the site's root so its scope is the whole site; revalidated on every load, so a new
 * version reaches browsers at once.
 */
export function serviceWorkerRouter(publicDir: string): Router {
  const router = Router();
  router.get('/sw.js', (_req, res) => {
    res.set({ 'Service-Worker-Allowed': '/', 'Cache-Control': 'no-cache' });
    res.type('text/javascript').sendFile(path.join(publicDir, 'js', 'sw.js'));
  });
  return router;
}

/**
 * Notification settings and push subscriptions (docs/protocol.md, Notifications): the user's
 * switches, a member's level per room, and the browsers that receive Web Push.
 */
export function notificationRouter({ rooms, notifications }: { rooms: RoomService; notifications: Notifications }): Router {
  const { settings, subscriptions, pushConfig } = notifications;
  const router = Router();
  router.use(['/notifications', '/rooms/:slug/notifications'], requireLogin);

  router.get('/notifications/settings', async (req, res) => {
    const switches = await settings.switches(currentUser(req).id);
    res.json({ ok: true, ...switches, vapidPublicKey: pushConfig?.publicKey ?? null });
  });

  router.post(
    '/notifications/settings',
    validate(switchesSchema, async (change, req, res) => {
      res.json({ ok: true, ...(await settings.setSwitches(currentUser(req).id, change)) });
    }),
  );

  router.get('/rooms/:slug/notifications', async (req: Request<{ slug: string }>, res) => {
    const userId = currentUser(req).id;
    const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId });
    res.json({ ok: true, level: await settings.roomLevel(room.id, userId) });
  });

  router.post(
    '/rooms/:slug/notifications',
    validate(roomLevelSchema, async ({ level }, req: Request<{ slug: string }>, res) => {
      const userId = currentUser(req).id;
      const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId });
      res.json({ ok: true, level: await settings.setRoomLevel(room.id, userId, level) });
    }),
  );

  router.post(
    '/notifications/subscriptions',
    validate(subscriptionSchema, async (subscription, req, res) => {
      if (!pushConfig) throw appError('PUSH_DISABLED');
      if (!isPushServiceEndpoint(pushConfig.serviceOrigins, subscription.endpoint)) throw appError('PUSH_ENDPOINT_REFUSED', undefined, { field: 'endpoint' });
      await subscriptions.save(currentUser(req).id, subscription);
      res.json({ ok: true });
    }),
  );

  router.post(
    '/notifications/subscriptions/remove',
    validate(unsubscribeSchema, async ({ endpoint }, req, res) => {
      res.json({ ok: true, removed: await subscriptions.remove(currentUser(req).id, endpoint) });
    }),
  );

  return router;
}
