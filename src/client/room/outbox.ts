import * as z from 'zod/mini';
import type { ClientFrame } from '../../bus/events.js';
import { newClientId } from '../shared/client-id.js';
import { find } from '../shared/dom.js';
import type { Connection } from './connection.js';
import type { RoomContext } from './context.js';
import type { ReplyTarget } from './replies.js';
import type { Timeline } from './timeline.js';

/** How long to wait for the server's `ack` before sending again, and how often to try on an open socket. */
const RESEND_MS = 3000;
const ATTEMPTS = 3;

const replyTargetSchema = z.object({
  id: z.number(),
  user: z.object({ id: z.number(), name: z.string(), avatar: z.null() }),
  excerpt: z.string(),
  image: z.optional(z.boolean()),
});
const queuedSchema = z.array(z.object({ clientId: z.string(), text: z.string(), ts: z.string(), replyTo: z.optional(replyTargetSchema) }));
type Queued = z.infer<typeof queuedSchema>[number];
type Entry = { queued: Queued; item: HTMLLIElement; attempts: number; timer: number };

/**
 * Messages on their way. Each shows at once as pending ("보내는 중…") and goes with a
 * `client_id`; the server stores a client_id once, so it is simply sent again until the
 * `ack` comes: at once when the socket opens (again), then every few seconds. After
 * a few unanswered tries on an open socket it is marked failed with a "다시 보내기"
 * button. The queue lives in session storage, so a reload shows and resends what had not
 * arrived, with the same client_id — never twice on screen.
 */
export function createOutbox({ context, connection, timeline }: { context: RoomContext; connection: Connection; timeline: Timeline }) {
  const storageKey = `codingline.outbox.${context.slug}`;
  const entries = new Map<string, Entry>();

  function save(): void {
    try {
      const queue = [...entries.values()].map((entry) => entry.queued);
      if (queue.length === 0) sessionStorage.removeItem(storageKey);
      else sessionStorage.setItem(storageKey, JSON.stringify(queue));
    } catch {
      // Storage can be full or refused (private mode): the message is still being sent.
    }
  }

  function track(queued: Queued): void {
    const shown = { id: 0, user: { id: context.myId, name: context.myName, avatar: null }, message: queued.text, ts: queued.ts };
    const item = timeline.appendPending(queued.replyTo ? { ...shown, reply_to: queued.replyTo } : shown);
    const entry: Entry = { queued, item, attempts: 0, timer: 0 };
    entries.set(queued.clientId, entry);
    save();
    attempt(entry);
  }

  function attempt(entry: Entry): void {
    window.clearTimeout(entry.timer);
    if (!entries.has(entry.queued.clientId)) return;
    if (entry.attempts >= ATTEMPTS) return showState(entry, 'failed');
    showState(entry, 'pending');
    const { text, clientId, replyTo } = entry.queued;
    const frame: ClientFrame = { action: 'chat', message: text, client_id: clientId, ...(replyTo ? { reply_to: replyTo.id } : {}) };
    if (connection.send(frame)) entry.attempts += 1;
    entry.timer = window.setTimeout(() => attempt(entry), RESEND_MS);
  }

  function showState(entry: Entry, state: 'pending' | 'failed'): void {
    const { item } = entry;
    item.classList.toggle('pending', state === 'pending');
    item.classList.toggle('failed', state === 'failed');
    const delivery = find(item, '.delivery');
    if (!delivery) return;
    if (state === 'pending') return delivery.replaceChildren('보내는 중…');
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'retry small';
    retry.textContent = '다시 보내기';
    retry.addEventListener('click', () => {
      entry.attempts = 0;
      attempt(entry);
    });
    delivery.replaceChildren('전송 실패 ', retry);
  }

  /** The server stored the message: the pending copy becomes it (or goes, when the room's broadcast came first). */
  function acknowledged(clientId: string, id: number): void {
    const entry = entries.get(clientId);
    timeline.seen(id);
    if (!entry) return;
    window.clearTimeout(entry.timer);
    entries.delete(clientId);
    save();
    timeline.delivered(entry.item, id);
  }

  /** The socket is open (again): everything waiting goes now. */
  function flush(): void {
    for (const entry of entries.values()) if (!entry.item.classList.contains('failed')) attempt(entry);
  }

  function restore(): void {
    let stored: unknown;
    try {
      stored = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]');
    } catch {
      stored = [];
    }
    const queue = queuedSchema.safeParse(stored);
    for (const queued of queue.success ? queue.data : []) track(queued);
  }

  return {
    /** Sends a chat, a reply when `replyTo` says which message it answers. */
    send: (text: string, replyTo: ReplyTarget | null = null) => track({ clientId: newClientId(), text, ts: new Date().toISOString(), ...(replyTo ? { replyTo } : {}) }),
    acknowledged,
    flush,
    restore,
  };
}
