import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { appError } from '../errors/catalogue.js';
import { CLOSE } from './close-codes.js';
import type { ConnectionDeps } from './connection.js';
import type { UserSocket } from './hub.js';

/**
 * Runs the home page's socket (`/ws/me/`): it hears the user's own events (mentions, read
 * markers) from every process and sends nothing. It counts toward the user's socket cap;
 * a frame sent to it is answered with an error and closes it (1008).
 */
export async function runUserConnection(
  socket: WebSocket,
  context: { userId: number | null; sessionId: string },
  { hub, sockets, logger }: Pick<ConnectionDeps, 'hub' | 'sockets' | 'logger'>,
  transport?: UserSocket['transport'],
): Promise<void> {
  if (context.userId === null) return socket.close(CLOSE.notLoggedIn, 'login required');
  const client: UserSocket = { socket, ...(transport ? { transport } : {}), connId: randomUUID(), userId: context.userId, sessionId: context.sessionId, alive: true };
  // Before any await: a frame that arrives while the socket is set up must not be lost.
  socket.on('message', () => {
    hub.sendError(client, appError('UNKNOWN_ACTION'));
    hub.close(client, CLOSE.policyViolation, 'this socket takes no frames');
  });
  const teardown: { closed: boolean; undo: (() => void) | null } = { closed: false, undo: null };
  socket.once('close', () => {
    teardown.closed = true;
    teardown.undo?.();
  });
  if (!(await sockets.tryAdd(client.userId, client.connId))) return socket.close(CLOSE.tooManySockets, 'too many sockets');
  teardown.undo = () => {
    const released = sockets.remove(client.userId, client.connId);
    Promise.all([released, hub.leaveUser(client)]).catch((error: unknown) => logger.error({ err: error }, 'WebSocket cleanup failed'));
  };
  if (teardown.closed) return teardown.undo();
  await hub.joinUser(client);
}
