import { avatarInitial, avatarTone } from '../messages/avatar.js';
import { timelineBox } from '../messages/image-box.js';
import { messageTextPieces } from '../messages/message-text.js';
import { clockTime, listTime } from '../messages/timeline-days.js';

/** Korea's offset from UTC in minutes (no daylight saving time). */
const KOREA_OFFSET_MINUTES = 9 * 60;

/** A Date whose local fields read Korea's wall clock at `date`, for the pure day and time labels. */
function inKoreanTime(date: Date): Date {
  return new Date(date.getTime() + (KOREA_OFFSET_MINUTES + date.getTimezoneOffset()) * 60_000);
}

/**
 * Helpers every template can call (set as app.locals in app.ts).
 */
export const viewHelpers = {
  timelineBox,
  messageTextPieces,
  avatarInitial,
  avatarTone,

  /** "오후 3:07" in Korean time, for server-rendered messages (the page re-renders in local time). */
  koreanTime(iso: string): string {
    return clockTime(inKoreanTime(new Date(iso)));
  },

  /** A room's last-message time on the home page in Korean time ("오후 3:12", "어제", "11월 27일"); the page re-renders it in local time. */
  koreanListTime(date: Date): string {
    return listTime(inKoreanTime(date), inKoreanTime(new Date()));
  },
};
