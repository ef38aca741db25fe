import { avatarInitial, avatarTone } from '../messages/avatar.js';
import { timelineBox } from '../messages/image-box.js';
import { messageTextPieces } from '../messages/message-text.js';

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
    const [hours = 0, minutes = 0] = new Date(iso)
      .toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Seoul' })
      .split(':')
      .map(Number);
    return `${hours < 12 ? '오전' : '오후'} ${hours % 12 || 12}:${String(minutes).padStart(2, '0')}`;
  },
};
