// How the timeline splits messages into days and groups: pure, bundled into the browser
// client, which shows them in the viewer's own time zone.

/** The local calendar day of a moment, as a key that compares equal within a day. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** A date divider's text: "오늘", "어제", else "2026년 11월 29일" (the viewer's local days). */
export function dayLabel(date: Date, now: Date): string {
  if (dayKey(date) === dayKey(now)) return '오늘';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(date) === dayKey(yesterday)) return '어제';
  return `${date.getFullYear()}년 ${date.getMonth() + 1}월 ${date.getDate()}일`;
}

/** "오후 3:07": a moment's local clock time, as Korean chat apps show it. */
export function clockTime(date: Date): string {
  const hours = date.getHours();
  return `${hours < 12 ? '오전' : '오후'} ${hours % 12 || 12}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * A chat list's time of a room's last message, as KakaoTalk shows it: "오후 3:12" today,
 * "어제", "11월 27일" this year, else "2025년 11월 27일" (the viewer's local days).
 */
export function listTime(date: Date, now: Date): string {
  const label = dayLabel(date, now);
  if (label === '오늘') return clockTime(date);
  if (label === '어제' || date.getFullYear() !== now.getFullYear()) return label;
  return `${date.getMonth() + 1}월 ${date.getDate()}일`;
}

/** One message as grouping sees it: who wrote it and when. */
export interface GroupedMessage {
  authorId: number;
  ts: Date;
}

/**
 * Whether `next` joins `previous`'s group (no second avatar, name or time): the same
 * author within the same local minute, as KakaoTalk groups a burst of messages.
 */
export function continuesGroup(previous: GroupedMessage, next: GroupedMessage): boolean {
  if (previous.authorId !== next.authorId) return false;
  const minute = (date: Date) => Math.floor(date.getTime() / 60_000);
  return minute(previous.ts) === minute(next.ts) && dayKey(previous.ts) === dayKey(next.ts);
}
