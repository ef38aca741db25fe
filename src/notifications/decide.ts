// Who hears of a new or edited message, and how: a pure function of the message, the room's
// members concerned, and who has a page open. Shared by nothing else; tested on its own.

/** What a member wants to hear of a room (room_members.notify_level). */
export const NOTIFY_LEVELS = ['all', 'mentions', 'none'] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

/** A current, non-banned member of the room with their own switches. */
export interface NotifiableMember {
  userId: number;
  level: NotifyLevel;
  /** A short sound for mentions (users.notify_sound). */
  sound: boolean;
  /** Browser notifications and Web Push (users.notify_browser). */
  browser: boolean;
}

export interface Announcement {
  authorId: number;
  /** The members the message mentions (for an edit: only those it did not mention before). */
  mentions: readonly number[];
  /** A new message; false for an edit, which concerns only the members it newly mentions. */
  isNew: boolean;
}

export type NotifyReason = 'mention' | 'message';

/**
 * A page of the user's is open: it is told through their socket and shows (popup) or sounds
 * the notice itself, unless that room is on its screen. Nobody's page is open: Web Push.
 */
export type Delivery =
  | { userId: number; reason: NotifyReason; via: 'page'; sound: boolean; popup: boolean }
  | { userId: number; reason: NotifyReason; via: 'push' };

/**
 * Who is notified of this message. Never its author; never a member who chose `none` for
 * the room; a mention for `mentions` and `all`, any new message for `all`. Members missing
 * from `members` (banned, departed, never joined) are not notified, even when mentioned.
 * Users with an open socket (`online`) get the notice on their pages; the others by Web
 * Push, if they keep browser notifications on.
 */
export function whoToNotify(announcement: Announcement, members: readonly NotifiableMember[], online: ReadonlySet<number>): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const member of members) {
    const reason = reasonFor(announcement, member);
    if (reason === null) continue;
    if (online.has(member.userId)) {
      const sound = member.sound && reason === 'mention';
      if (sound || member.browser) deliveries.push({ userId: member.userId, reason, via: 'page', sound, popup: member.browser });
    } else if (member.browser) {
      deliveries.push({ userId: member.userId, reason, via: 'push' });
    }
  }
  return deliveries;
}

function reasonFor({ authorId, mentions, isNew }: Announcement, { userId, level }: NotifiableMember): NotifyReason | null {
  if (userId === authorId || level === 'none') return null;
  if (mentions.includes(userId)) return 'mention';
  return level === 'all' && isNew ? 'message' : null;
}
