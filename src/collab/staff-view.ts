import type { Request, Response } from 'express';
import { currentUser } from '../accounts/require-login.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { invitePath } from './invitations.js';
import { roomPath } from './paths.js';
import { listRoomMembers } from './room-page.js';
import { tagsOf } from './room-queries.js';
import type { RoomService } from './room-service.js';
import { CAPACITY_DEFAULT, CAPACITY_MIN } from './schemas.js';

export interface StaffViewDeps {
  db: Database;
  rooms: Pick<RoomService, 'openRoom'>;
  capacityMax: number;
}

/**
 * `GET /rooms/<slug>/staff-view/`: the parts of the room page a member who just became
 * staff (appointed 부방장, or handed the room) lacks, rendered for their role now from the
 * page's own partials — the member-row controls, the banned list, the owner's header
 * buttons and settings, the notice form — so the open page puts them in place instead of
 * reloading. Members get NOT_OWNER; the page's other rules (ROOM_NOT_FOUND, BANNED,
 * NO_ACCESS) are openRoom's.
 */
export function staffView({ db, rooms, capacityMax }: StaffViewDeps) {
  return async (req: Request<{ slug: string }>, res: Response): Promise<void> => {
    const me = currentUser(req);
    const opening = await rooms.openRoom({ slug: req.params.slug, userId: me.id });
    if ('preview' in opening) throw opening.refusal;
    const { room, membership } = opening.access;
    if (membership.role === 'member') throw appError('NOT_OWNER');
    const [members, tags] = await Promise.all([listRoomMembers(db, room.id), tagsOf(db, [room.id])]);
    const html = await renderToString(res, 'partials/staff-view', {
      me,
      isOwner: membership.role === 'owner',
      myRole: membership.role,
      room,
      tags: tags.get(room.id) ?? [],
      banned: members.filter((member) => member.isBanned),
      invite: opening.inviteToken && room.isPrivate ? invitePath(opening.inviteToken) : null,
      limits: { min: CAPACITY_MIN, max: capacityMax, default: CAPACITY_DEFAULT },
      base: roomPath(room.slug).slice(0, -1),
    });
    res.json({ ok: true, role: membership.role, html });
  };
}

/** Renders a view with the response's locals (csrfToken, currentUser) into a string, sending nothing. */
function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, locals, (error: Error | null, html: string) => (error ? reject(error) : resolve(html))));
}
