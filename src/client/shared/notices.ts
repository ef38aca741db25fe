import type { NotifyEvent } from '../../bus/events.js';
import { displayOf } from '../../notifications/notice-display.js';
import { playMentionSound } from './mention-sound.js';

/**
 * Shows a `notify` event as the server decided it (its `sound` and `popup` are the user's
 * switches), except for the room on screen: that one the reader sees already. A popup is a
 * browser notification, one per room (`tag`): a newer one replaces it. A click brings this
 * tab forward at the message.
 */
export function showNotice(event: NotifyEvent, onScreen: (room: string) => boolean): void {
  if (onScreen(event.room)) return;
  if (event.sound) playMentionSound();
  if (!event.popup || !('Notification' in window) || Notification.permission !== 'granted') return;
  const display = displayOf(event);
  const notification = new Notification(display.title, { body: display.body, tag: display.tag });
  notification.addEventListener('click', () => {
    window.focus();
    window.location.assign(display.url);
    notification.close();
  });
}
