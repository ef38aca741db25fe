import { Router, type Request } from 'express';
import { currentUser, requireLogin } from '../accounts/require-login.js';
import type { Database } from '../db/prisma.js';
import { wantsJson } from '../http/error-handler.js';
import { clientAddressKey } from '../http/client-address.js';
import { formRoute } from '../http/forms.js';
import { done } from '../http/respond.js';
import { validate } from '../http/validate.js';
import type { MessageStore } from '../messages/message-store.js';
import type { ActionLimit } from '../ratelimit/action-limit.js';
import { roomPath } from './paths.js';
import { invitePath } from './invitations.js';
import { listRoomMembers } from './room-page.js';
import { staffView } from './staff-view.js';
import type { NoticeService } from './notice.js';
import { tagsOf, type RoomQueries } from './room-queries.js';
import type { RoomService } from './room-service.js';
import { CAPACITY_DEFAULT, CAPACITY_MIN, createRoomSchemaFor, enterRoomSchema, historyQuerySchema, homeQuerySchema, roomSettingsSchemaFor, searchQuerySchema } from './schemas.js';

export interface RoomRoutesDeps {
  db: Database;
  rooms: RoomService;
  queries: RoomQueries;
  messages: MessageStore;
  notices: Pick<NoticeService, 'current'>;
  /** Counts a room creation per user, per client address and globally. */
  countRoomCreation: ActionLimit;
  /** How long an author may edit a message (the page shows 수정 only within it). */
  editWindowSeconds: number;
  /** The largest capacity a room may have (ROOM_CAPACITY_MAX). */
  capacityMax: number;
  /** The user's unread and mention counts per room (src/attention), shown on the home page. */
  unreadCounts: (userId: number) => Promise<{ slug: string; unread: number; mentions: number }[]>;
}

type SlugRequest = Request<{ slug: string }>;

/** Home, room creation, entering, the room page and its history API. */
export function roomRouter({ db, rooms, queries, messages, notices, countRoomCreation, editWindowSeconds, capacityMax, unreadCounts }: RoomRoutesDeps): Router {
  const router = Router();
  router.use(['/', '/rooms', '/invite'], requireLogin);

  const homeLocals = async (req: Request, { q, tag }: { q?: string | undefined; tag?: string | undefined }, extra: Record<string, unknown> = {}) => {
    const userId = currentUser(req).id;
    const [lists, counts] = await Promise.all([queries.listHomeRooms({ userId, q, tag }), unreadCounts(userId)]);
    const unread = new Map(counts.map((count) => [count.slug, count]));
    return { title: '채팅방', scripts: ['/static/js/home.js'], q: q ?? '', tag: tag ?? '', ...lists, unread, limits: { min: CAPACITY_MIN, max: capacityMax, default: CAPACITY_DEFAULT }, values: {}, errors: {}, ...extra };
  };

  router.get(
    '/',
    validate(homeQuerySchema, async (query, req, res) => res.render('home', await homeLocals(req, query)), 'query'),
  );

  router.post(
    '/rooms',
    formRoute({
      view: 'home',
      schema: createRoomSchemaFor(capacityMax),
      locals: (req) => {
        const { password: _password, ...values } = (req.body ?? {}) as Record<string, unknown>;
        return homeLocals(req, homeQuerySchema.safeParse(req.query).data ?? {}, { values });
      },
      handle: async (input, req, res) => {
        const creatorId = currentUser(req).id;
        // Before bcrypt hashes a room password and the slug search queries the database.
        await countRoomCreation({ user: String(creatorId), ip: clientAddressKey(req.ip) });
        const { room, inviteToken } = await rooms.createRoom({ creatorId, input });
        done(req, res, roomPath(room.slug), { slug: room.slug, ...(inviteToken ? { invite: invitePath(inviteToken) } : {}) });
      },
    }),
  );

  router.post(
    '/rooms/:slug/enter',
    formRoute({
      view: 'room-enter',
      schema: enterRoomSchema,
      // A form post without scripts gets the enter page again, with the reason on it.
      locals: async (req: SlugRequest) => {
        const invite = enterRoomSchema.safeParse(req.body).data?.invite;
        const preview = wantsJson(req) ? null : await rooms.previewFor({ slug: req.params.slug, userId: currentUser(req).id, invite });
        return preview && { title: preview.name, room: preview, invite };
      },
      handle: async ({ password, invite }, req: SlugRequest, res) => {
        const { room } = await rooms.enterRoom({ slug: req.params.slug, userId: currentUser(req).id, password, invite });
        done(req, res, roomPath(room.slug));
      },
    }),
  );

  router.get('/rooms/:slug', async (req, res) => {
    const opening = await rooms.openRoom({ slug: req.params.slug, userId: currentUser(req).id });
    if ('preview' in opening) {
      // Someone who followed a link to a room they have not entered gets its enter form.
      if (wantsJson(req)) throw opening.refusal;
      return res.status(opening.refusal.status).render('room-enter', { title: opening.preview.name, room: opening.preview, errors: {} });
    }
    const { room, membership } = opening.access;
    const invite = opening.inviteToken && room.isPrivate ? invitePath(opening.inviteToken) : null;
    // The room's sequence number is read (by openRoom) before the history: whatever changes
    // in between, the socket's ?since= replays.
    const [members, history, notice, tags] = await Promise.all([
      listRoomMembers(db, room.id),
      messages.page({ roomId: room.id, viewerId: membership.userId }),
      notices.current(room.id),
      tagsOf(db, [room.id]),
    ]);
    res.render('room', {
      title: room.name,
      room,
      members,
      messages: history.messages.reverse(),
      hasOlder: history.nextBefore !== null,
      isOwner: membership.role === 'owner',
      myRole: membership.role,
      notice,
      tags: tags.get(room.id) ?? [],
      limits: { min: CAPACITY_MIN, max: capacityMax, default: CAPACITY_DEFAULT },
      lastReadId: membership.lastReadId,
      myMutedUntil: membership.mutedUntil,
      editWindowSeconds,
      invite,
      scripts: ['/static/js/room.js'],
    });
  });

  router.get('/rooms/:slug/staff-view', staffView({ db, rooms, capacityMax }));

  router.post(
    '/rooms/:slug/settings',
    validate(roomSettingsSchemaFor(capacityMax), async (input, req: SlugRequest, res) => {
      const settings = await rooms.updateSettings({ slug: req.params.slug, actorId: currentUser(req).id, input });
      done(req, res, roomPath(settings.slug), { slug: settings.slug, room: settings });
    }),
  );

  // An invitation link: members go in, anyone else signed in gets the enter form (signed-out
  // users are sent to login and back by requireLogin).
  router.get('/invite/:token', async (req, res) => {
    const { slug, member, preview } = await rooms.openInvite({ token: req.params.token, userId: currentUser(req).id });
    if (member) return res.redirect(roomPath(slug));
    res.render('room-enter', { title: preview.name, room: preview, invite: req.params.token, errors: {} });
  });

  router.get(
    '/rooms/:slug/messages',
    validate(
      historyQuerySchema,
      async ({ before, around }, req: SlugRequest, res) => {
        const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId: currentUser(req).id });
        const viewerId = currentUser(req).id;
        if (around !== undefined) return void res.json({ ok: true, ...(await messages.around({ roomId: room.id, viewerId, id: around })) });
        const page = await messages.page({ roomId: room.id, viewerId, before });
        res.json({ ok: true, messages: page.messages, nextBefore: page.nextBefore });
      },
      'query',
    ),
  );

  router.get(
    '/rooms/:slug/search',
    validate(
      searchQuerySchema,
      async ({ q, before }, req: SlugRequest, res) => {
        const { room } = await rooms.checkRoomAccess({ slug: req.params.slug, userId: currentUser(req).id });
        const page = await messages.search({ roomId: room.id, viewerId: currentUser(req).id, query: q, before });
        res.json({ ok: true, messages: page.messages, nextBefore: page.nextBefore });
      },
      'query',
    ),
  );

  return router;
}
