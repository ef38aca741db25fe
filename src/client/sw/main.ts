import { messageNoticeSchema } from '../../bus/events.js';
import { displayOf } from '../../notifications/notice-display.js';

// The service worker (served at /sw.js, scope "/"): shows the notices that arrive by Web Push
// while no page of the site is open, one notification per room, and opens the message when
// one is clicked. The payload is validated with the server's own schema first.

declare const self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('push', (event) => {
  const notice = messageNoticeSchema.safeParse(readJson(event.data));
  if (!notice.success) return;
  const display = displayOf(notice.data);
  event.waitUntil(self.registration.showNotification(display.title, { body: display.body, tag: display.tag, data: { url: display.url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const url = typeof data === 'object' && data !== null && 'url' in data && typeof data.url === 'string' ? data.url : '/';
  event.waitUntil(openAt(url));
});

/** Brings a tab of the site forward at `url`, or opens one. */
async function openAt(url: string): Promise<void> {
  const target = new URL(url, self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = windows.find((client) => new URL(client.url).pathname === target.pathname) ?? windows[0];
  if (!tab) {
    await self.clients.openWindow(target.href);
    return;
  }
  const focused = await tab.focus();
  // A tab this worker does not control yet cannot be navigated: open the message beside it.
  await focused.navigate(target.href).catch(() => self.clients.openWindow(target.href));
}

function readJson(data: PushMessageData | null): unknown {
  try {
    return data?.json() as unknown;
  } catch {
    return null;
  }
}
