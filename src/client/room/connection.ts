import { serverEventSchema, type ServerEvent } from '../../bus/events.js';
import { createLiveSocket } from '../shared/live-socket.js';
import { status, type RoomContext } from './context.js';

export interface ConnectionOptions {
  context: RoomContext;
  /** The room's sequence number up to which the page has every change; `?since=` replays the rest. */
  since: () => number;
  onEvent: (event: ServerEvent) => void;
  /** The socket is open (again): anything waiting to be sent can go. */
  onOpen?: () => void;
}

/**
 * The room's WebSocket (see shared/live-socket.ts), with its state in the room header
 * (연결됨 / 다시 연결 중… / 오프라인, announced to screen readers): every reconnect asks for
 * what the page missed with `?since=`.
 */
export function createConnection({ context, since, onEvent, onOpen }: ConnectionOptions) {
  const socket = createLiveSocket<ServerEvent>({
    path: () => `/ws${context.basePath}/?since=${since()}`,
    parse: (value) => {
      const event = serverEventSchema.safeParse(value);
      return event.success ? event.data : null;
    },
    onEvent,
    onOpen: () => {
      status.set('연결됨', 'open');
      status.clearNotice();
      onOpen?.();
    },
    onRetrying: () => (navigator.onLine ? status.set('다시 연결 중…', 'connecting') : status.set('오프라인', 'offline')),
    onStopped: () => {
      status.set('연결 끊김', 'closed');
      if (!status.noticeShown()) status.notice('이 채팅방에 접근할 수 없습니다.');
    },
  });

  return {
    connect(): void {
      status.set('연결 중…', 'connecting');
      socket.connect();
    },
    /** No more reconnects (kicked, room deleted, no access). */
    stop(): void {
      socket.stop();
      status.set('연결 끊김', 'closed');
    },
    /** Reconnects at once; the new socket asks for everything after `since()`. */
    reconnect: socket.reconnect,
    send: socket.send,
    isOpen: socket.isOpen,
  };
}

export type Connection = ReturnType<typeof createConnection>;
