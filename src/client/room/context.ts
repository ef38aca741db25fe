import type { MemberRole } from '../../bus/events.js';
import { byId, csrfToken } from '../shared/dom.js';

/** What the room page tells its scripts about the room and the viewer (data-* on #room). */
export interface RoomContext {
  slug: string;
  myId: number;
  myName: string;
  /** Whether the viewer owns the room (kept current when their role changes). */
  isOwner: boolean;
  /** The viewer's role (kept current when it changes; the server checks every action again). */
  role: MemberRole;
  csrf: string;
  /** `/rooms/<encoded slug>`, without the trailing slash. */
  basePath: string;
  /** The newest message the viewer had read when the page was rendered. */
  lastReadId: number;
  /** Until when (epoch ms) the viewer may not chat here; 0 when they may. */
  mutedUntil: number;
}

export function readRoomContext(): RoomContext | null {
  const root = document.getElementById('room');
  if (!root) return null;
  const slug = root.dataset.slug ?? '';
  return {
    slug,
    myId: Number(root.dataset.userId),
    myName: root.dataset.userName ?? '',
    isOwner: root.dataset.owner === 'true',
    role: root.dataset.role === 'owner' || root.dataset.role === 'moderator' ? root.dataset.role : 'member',
    csrf: csrfToken(),
    basePath: `/rooms/${encodeURIComponent(slug)}`,
    lastReadId: Number(root.dataset.lastReadId ?? 0),
    mutedUntil: root.dataset.mutedUntil ? Date.parse(root.dataset.mutedUntil) : 0,
  };
}

/** The connection state and notices shown in the room header. */
export const status = {
  set(text: string, state: 'connecting' | 'open' | 'offline' | 'closed'): void {
    const element = byId('connection-status');
    element.textContent = text;
    element.dataset.state = state;
  },
  notice(text: string): void {
    const notice = byId('room-notice');
    notice.textContent = text;
    notice.hidden = false;
  },
  clearNotice(): void {
    byId('room-notice').hidden = true;
  },
  noticeShown(): boolean {
    return !byId('room-notice').hidden;
  },
};
