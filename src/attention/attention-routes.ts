import { Router, type Request } from 'express';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import type { RoomService } from '../collab/room-service.js';
import { readSchema } from '../collab/schemas.js';
import { validate } from '../http/validate.js';
import type { Attention } from './attention.js';

/**
 * `GET /unread/`: the user's rooms with unread and mention counts (the home page polls it).
 * `POST /rooms/<slug>/read/` with `id`: moves the read marker, like the socket's `read` frame.
 */
export function attentionRouter({ rooms, attention }: { rooms: RoomService; attention: Attention }): Router {
  const router = Router();
  router.use(['/unread', '/rooms'], requireLogin);

  router.get('/unread', async (req, res) => {
    res.json({ ok: true, rooms: await attention.unreadCounts(currentUser(req).id) });
  });

  router.post(
    '/rooms/:slug/read',
    validate(readSchema, async ({ id }, req: Request<{ slug: string }>, res) => {
      const userId = currentUser(req).id;
      const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId });
      const { marker } = await attention.markRead({ roomId: room.id, userId, id });
      res.json({ ok: true, id: marker });
    }),
  );

  return router;
}
