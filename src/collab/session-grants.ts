import type { Request } from 'express';

const MAX_GRANTS = 100;

/** The rooms this session entered (the original's session flag), newest last. */
export const sessionGrants = (req: Request): number[] => req.session.roomGrants ?? [];

/** Records a successful enter in the session, so the room page and socket let it in. */
export function grantRoom(req: Request, roomId: number): void {
  req.session.roomGrants = [...sessionGrants(req).filter((id) => id !== roomId), roomId].slice(-MAX_GRANTS);
}

/** Forgets a room the user left, so the grant cannot outlive the membership. */
export function revokeRoom(req: Request, roomId: number): void {
  req.session.roomGrants = sessionGrants(req).filter((id) => id !== roomId);
}

/** The URL of a room's page, percent-encoded (slugs keep Korean letters). */
export const roomPath = (slug: string) => `/rooms/${encodeURIComponent(slug)}/`;
