import type { ClientFrame } from '../../bus/events.js';
import type { Connection } from './connection.js';
import type { RoomContext } from './context.js';
import type { ReplyTarget } from './replies.js';
import type { Timeline } from './timeline.js';

const RESEND_MS = 4000;
const ATTEMPTS = 5;

/**
 * Messages on their way: shown at once as pending, sent with a `client_id`, resent until
 * the server acknowledges them (it stores a client_id only once), then replaced by the
 * stored copy the room broadcasts; marked failed after the last attempt.
 */
export function createOutbox({ context, connection, timeline }: { context: RoomContext; connection: Connection; timeline: Timeline }) {
  const pending = new Map<string, HTMLLIElement>();

  /** Sends a chat, a reply when `replyTo` says which message it answers. */
  function send(text: string, replyTo: ReplyTarget | null = null): void {
    const clientId = crypto.randomUUID();
    const shown = { id: 0, user: { id: context.myId, name: context.myName, avatar: null }, message: text, ts: new Date().toISOString() };
    const item = timeline.appendPending(replyTo ? { ...shown, reply_to: replyTo } : shown);
    pending.set(clientId, item);
    const frame: ClientFrame = { action: 'chat', message: text, client_id: clientId, ...(replyTo ? { reply_to: replyTo.id } : {}) };
    const attempt = (count: number) => {
      if (!pending.has(clientId)) return;
      connection.send(frame);
      if (count < ATTEMPTS) setTimeout(() => attempt(count + 1), RESEND_MS);
      else item.classList.add('failed');
    };
    attempt(0);
  }

  /** The server stored the message: the pending copy goes (the broadcast one is in the timeline). */
  function acknowledged(clientId: string, id: number): void {
    pending.get(clientId)?.remove();
    pending.delete(clientId);
    timeline.seen(id);
  }

  return { send, acknowledged };
}
