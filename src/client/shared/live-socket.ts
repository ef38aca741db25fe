import { CLOSE } from '../../realtime/close-codes.js';

const MAX_BACKOFF_MS = 30_000;

export interface LiveSocketOptions<E> {
  /** The socket's URL path and query (`/ws/...`); asked again before every reconnect. */
  path: () => string;
  /** Checks every frame before anything uses it (the shared event schemas). */
  parse: (value: unknown) => E | null;
  onEvent: (event: E) => void;
  onOpen?: () => void;
  /** The socket closed and will be opened again after a backoff. */
  onRetrying?: () => void;
  /** The socket closed for good: stopped, or a close code that reconnecting cannot help. */
  onStopped?: (code: number) => void;
}

/**
 * A WebSocket that reconnects with exponential backoff and jitter (at once when the
 * browser comes back online). 4001 goes to login and
 * 4403 stops (so does `stop()`); anything else, 4429 included, is tried again later.
 */
export function createLiveSocket<E>(options: LiveSocketOptions<E>) {
  let socket: WebSocket | null = null;
  let retry = 0;
  let stopped = false;
  // The page is going away (a link, a logout form): a close now is ours, not news.
  let leaving = false;
  window.addEventListener('beforeunload', () => {
    leaving = true;
  });
  window.addEventListener('pageshow', (event) => {
    leaving = false;
    // Back from the back/forward cache with its socket closed: open it again (it replays what was missed).
    if (event.persisted && !socket && !stopped) connect();
  });

  let retryTimer = 0;
  // Back online: no need to wait out the backoff.
  window.addEventListener('online', () => {
    if (socket || stopped || retryTimer === 0) return;
    window.clearTimeout(retryTimer);
    connect();
  });

  function connect(): void {
    retryTimer = 0;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const current = new WebSocket(`${scheme}://${window.location.host}${options.path()}`);
    socket = current;
    current.addEventListener('open', () => {
      retry = 0;
      options.onOpen?.();
    });
    current.addEventListener('message', (message: MessageEvent<unknown>) => {
      const event = typeof message.data === 'string' ? options.parse(parseJson(message.data)) : null;
      if (event !== null) options.onEvent(event);
    });
    current.addEventListener('close', (closed) => onClose(closed.code));
  }

  function onClose(code: number): void {
    socket = null;
    if (leaving) return;
    if (code === CLOSE.notLoggedIn) return window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    if (stopped || code === CLOSE.noAccess) {
      stopped = true;
      return options.onStopped?.(code);
    }
    retry += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(retry, 6)) * (0.5 + Math.random() / 2);
    options.onRetrying?.();
    retryTimer = window.setTimeout(connect, delay);
  }

  return {
    connect,
    /** No more reconnects (kicked, room deleted, no access). */
    stop(): void {
      stopped = true;
      socket?.close();
    },
    /** Closes the socket to open it again at once (e.g. to replay what went missing). */
    reconnect: (): void => {
      retry = 0;
      socket?.close(CLOSE.catchUp, 'catching up');
    },
    /** Sends a frame when the socket is open; false when it is not (the caller retries). */
    send: (frame: object): boolean => {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    isOpen: () => socket?.readyState === WebSocket.OPEN,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
