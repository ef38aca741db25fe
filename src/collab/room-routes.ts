import { Router, type Request } from 'express';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import type { Database } from '../db/prisma.js';
import { wantsJson } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import { formFailure, validationError } from '../http/forms.js';
import { done } from '../http/respond.js';
import { koreanTime, toMessageEvent } from './message-events.js';
import { listRoomMembers, roomPreview } from './room-page.js';
import type { createRoomQueries } from './room-queries.js';
import type { RoomService } from './room-service.js';
import { CAPACITY_DEFAULT, CAPACITY_MAX, CAPACITY_MIN, createRoomSchema, enterRoomSchema, historyQuerySchema, homeQuerySchema } from './schemas.js';
import { roomPath } from './paths.js';

export interface RoomRoutesDeps {
  db: Database;
  rooms: RoomService;
  queries: ReturnType<typeof createRoomQueries>;
}

/** Home, room creation, entering, the room page and its history API. */
export function roomRouter({ db, rooms, queries }: RoomRoutesDeps): Router {
  const router = Router();
  router.use(['/', '/rooms'], requireLogin);

  const homeLocals = async (req: Request, extra: Record<string, unknown> = {}) => {
    const query = homeQuerySchema.safeParse({ q: typeof req.query.q === 'string' ? req.query.q : undefined });
    if (!query.success) throw validationError(query.error);
    const { q } = query.data;
    const lists = await queries.listHomeRooms({ userId: currentUser(req).id, q });
    return { title: '채팅방', scripts: ['/static/js/home.js'], q: q ?? '', ...lists, limits: { min: CAPACITY_MIN, max: CAPACITY_MAX, default: CAPACITY_DEFAULT }, values: {}, errors: {}, ...extra };
  };

  router.get('/', async (req, res) => {
    res.render('home', await homeLocals(req));
  });

  router.post('/rooms', async (req, res) => {
    const parsed = createRoomSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const { password: _password, ...values } = (req.body ?? {}) as Record<string, unknown>;
      return formFailure(req, res, 'home', validationError(parsed.error), await homeLocals(req, { values }));
    }
    const { room } = await rooms.createRoom({ creatorId: currentUser(req).id, input: parsed.data });
    done(req, res, roomPath(room.slug), { slug: room.slug });
  });

  router.post('/rooms/:slug/enter', async (req, res) => {
    const parsed = enterRoomSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    try {
      const { room } = await rooms.enterRoom({ slug: req.params.slug, userId: currentUser(req).id, password: parsed.data.password });
      done(req, res, roomPath(room.slug));
    } catch (error) {
      // A form post without scripts gets the enter page again, with the reason on it.
      const preview = error instanceof AppError && !wantsJson(req) ? await roomPreview(db, req.params.slug) : null;
      if (!preview || !(error instanceof AppError)) throw error;
      formFailure(req, res, 'room-enter', error, { title: preview.name, room: preview });
    }
  });

  router.get('/rooms/:slug', async (req, res) => {
    const user = currentUser(req);
    const access = await rooms.checkRoomAccess({ slug: req.params.slug, userId: user.id }).catch(async (error: unknown) => {
      // Someone who followed a link to a room they have not entered gets its enter form.
      if (!(error instanceof AppError) || error.code !== 'NO_ACCESS' || wantsJson(req)) throw error;
      const preview = await roomPreview(db, req.params.slug);
      if (!preview) throw error;
      res.status(error.status).render('room-enter', { title: preview.name, room: preview, errors: {} });
      return null;
    });
    if (!access) return;
    const { room, membership } = access;
    const [members, history] = await Promise.all([listRoomMembers(db, room.id), queries.listMessages({ roomId: room.id })]);
    const messages = history.messages.map(toMessageEvent).reverse();
    res.render('room', {
      title: room.name,
      room,
      members,
      messages,
      hasOlder: history.nextBefore !== null,
      isOwner: membership.role === 'owner',
      scripts: ['/static/js/room.js'],
      koreanTime,
    });
  });

  router.get('/rooms/:slug/messages', async (req, res) => {
    const parsed = historyQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationError(parsed.error);
    const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId: currentUser(req).id });
    const page = await queries.listMessages({ roomId: room.id, before: parsed.data.before });
    res.json({ ok: true, messages: page.messages.map(toMessageEvent), nextBefore: page.nextBefore });
  });

  return router;
}
