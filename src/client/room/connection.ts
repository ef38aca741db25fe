import { serverEventSchema, type ServerEvent } from '../../bus/events.js';
import { CLOSE } from '../../realtime/close-codes.js';
import { status, type RoomContext } from './context.js';

export interface ConnectionOptions {
  context: RoomContext;
  /** The room's sequence number up to which the page has every change; `?since=` replays the rest. */
  since: () => number;
  onEvent: (event: ServerEvent) => void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The room's WebSocket: connects, validates every frame against the shared event schemas
 * before anything uses it, and reconnects with exponential backoff and jitter. A 4xxx close
 * means "do not come back as is": 4001 goes to login, 4403 stops.
 */
export function createConnection({ context, since, onEvent }: ConnectionOptions) {
  let socket: WebSocket | null = null;
  let retry = 0;
  let stopped = false;

  function connect(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    status.set('연결 중…', 'connecting');
    const current = new WebSocket(`${scheme}://${window.location.host}/ws${context.basePath}/?since=${since()}`);
    socket = current;
    current.addEventListener('open', () => {
      retry = 0;
      status.set('실시간 연결됨', 'open');
      status.clearNotice();
    });
    current.addEventListener('message', (message: MessageEvent<unknown>) => {
      const event = typeof message.data === 'string' ? serverEventSchema.safeParse(parseJson(message.data)) : null;
      if (event?.success) onEvent(event.data);
    });
    current.addEventListener('close', (closed) => onClose(closed.code));
  }

  function onClose(code: number): void {
    socket = null;
    if (code === CLOSE.notLoggedIn) return window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    if (code === CLOSE.noAccess || stopped) {
      stop();
      if (!status.noticeShown()) status.notice('이 채팅방에 접근할 수 없습니다.');
      return;
    }
    retry += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(retry, 6)) * (0.5 + Math.random() / 2);
    status.set('연결이 끊겨 다시 연결하는 중…', 'connecting');
    setTimeout(connect, delay);
  }

  /** No more reconnects (kicked, room deleted, no access). */
  function stop(): void {
    stopped = true;
    status.set('연결 끊김', 'closed');
  }

  return {
    connect,
    stop,
    /** Sends a frame when the socket is open; false when it is not (the caller retries). */
    send(frame: object): boolean {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
  };
}

export type Connection = ReturnType<typeof createConnection>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
