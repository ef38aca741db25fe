import * as z from 'zod/mini';
import { byId } from './dom.js';
import { getJson, postJson } from './http.js';
import { armMentionSound } from './mention-sound.js';
import { forgetPushOnLogout, subscribePush } from './push.js';

/** `GET /notifications/settings/` (docs/protocol.md). */
const settingsSchema = z.object({ sound: z.boolean(), browser: z.boolean(), vapidPublicKey: z.nullable(z.string()) });
const levelSchema = z.object({ level: z.enum(['all', 'mentions', 'none']) });

const canNotify = () => 'Notification' in window;

/**
 * The notification switches of the page (#notification-settings): filled from the server
 * and saved there at each change, so they follow the user to every device. Permission for
 * browser notifications is asked only from the "브라우저 알림 켜기" button — a user
 * gesture, never on load. Once notifications are allowed, this browser subscribes to Web Push.
 */
export async function setUpNotificationSettings({ roomPath }: { roomPath?: string } = {}): Promise<void> {
  armMentionSound();
  forgetPushOnLogout();
  const answer = await getJson('/notifications/settings/');
  const settings = answer.ok ? settingsSchema.safeParse(answer) : null;
  if (!settings?.success) return;
  const { sound, browser, vapidPublicKey } = settings.data;
  bindSwitch('notify-sound', 'sound', sound);
  bindSwitch('notify-browser', 'browser', browser);
  if (roomPath) await bindRoomLevel(roomPath);
  showPermission();
  byId('enable-notifications').addEventListener('click', () => {
    void Notification.requestPermission().then((permission) => {
      showPermission();
      if (permission === 'granted') void subscribePush(vapidPublicKey);
    });
  });
  if (canNotify() && Notification.permission === 'granted') void subscribePush(vapidPublicKey);
  byId('notification-settings').hidden = false;
}

function bindSwitch(id: string, name: 'sound' | 'browser', value: boolean): void {
  const box = byId<HTMLInputElement>(id);
  box.checked = value;
  box.addEventListener('change', () => void save(box, () => postJson('/notifications/settings/', { [name]: box.checked })));
}

async function bindRoomLevel(roomPath: string): Promise<void> {
  const select = byId<HTMLSelectElement>('room-notify-level');
  const answer = await getJson(`${roomPath}/notifications/`);
  const current = answer.ok ? levelSchema.safeParse(answer) : null;
  if (current?.success) select.value = current.data.level;
  select.addEventListener('change', () => void save(select, () => postJson(`${roomPath}/notifications/`, { level: select.value })));
}

/** Saves a change; a refusal or a network failure is shown on the control and undone by a reload. */
async function save(control: HTMLInputElement | HTMLSelectElement, send: () => ReturnType<typeof postJson>): Promise<void> {
  control.disabled = true;
  const answer = await send();
  control.disabled = false;
  control.title = answer.ok ? '' : answer.error;
}

/** The button while the browser has not been asked yet; a hint when the user blocked the site. */
function showPermission(): void {
  const permission = canNotify() ? Notification.permission : 'denied';
  byId('enable-notifications').hidden = permission !== 'default';
  byId('notifications-blocked').hidden = permission !== 'denied';
}
