import { postJson } from './http.js';

/**
 * Web Push for this browser: registers the service worker (/sw.js), subscribes with the
 * server's VAPID key and stores the subscription on the server, which then pushes notices
 * while no page of the site is open. Without push support, a key, or a push service the
 * browser can reach, pages still notify while open: failures are only logged.
 */
export async function subscribePush(vapidPublicKey: string | null): Promise<void> {
  if (!vapidPublicKey || !('serviceWorker' in navigator) || !('PushManager' in window)) return;
  try {
    const registration = await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytesOf(vapidPublicKey) }));
    const answer = await postJson('/notifications/subscriptions/', subscription.toJSON());
    if (!answer.ok) console.warn('push subscription refused:', answer.error);
  } catch (error) {
    console.warn('Web Push unavailable:', error);
  }
}

/**
 * Signing out stops the pushes to this browser: the logout form first removes its
 * subscription on the server and in the browser, then posts as usual.
 */
export function forgetPushOnLogout(): void {
  const form = document.querySelector<HTMLFormElement>('form[action="/logout"]');
  form?.addEventListener(
    'submit',
    (event) => {
      event.preventDefault();
      void unsubscribe().finally(() => form.submit());
    },
    { once: true },
  );
}

async function unsubscribe(): Promise<void> {
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/') : undefined;
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await postJson('/notifications/subscriptions/remove/', { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}

/** The VAPID key (base64url) as the bytes PushManager wants. */
function bytesOf(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
}
