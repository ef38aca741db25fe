import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface RawFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/**
 * A WebSocket client written by hand over a TCP socket, so a test can send what no real
 * client library would: reserved bits, invalid UTF-8, undefined opcodes. It reads the
 * server's (unmasked) frames and reports how the connection ended.
 */
export class RawWebSocket {
  readonly frames: RawFrame[] = [];
  /** Resolves when the TCP connection is over (server closed it or sent a close frame and ended). */
  readonly ended: Promise<void>;
  private buffer = Buffer.alloc(0);
  private listeners: (() => void)[] = [];

  private constructor(private readonly socket: net.Socket, rest: Buffer) {
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    this.receive(rest);
  }

  /** Opens a TCP connection to `baseUrl` and performs the opening handshake for `path`. */
  static async connect(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
    const { hostname, port } = new URL(baseUrl);
    const socket = net.connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const key = randomBytes(16).toString('base64');
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    const { head, rest } = await readHead(socket);
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    if (!head.startsWith('HTTP/1.1 101') || !head.includes(`Sec-WebSocket-Accept: ${accept}`)) {
      socket.destroy();
      throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
    }
    return new RawWebSocket(socket, rest);
  }

  /** Sends one masked frame (clients must mask); `firstByte` is FIN, RSV1-3 and the opcode. */
  sendFrame(firstByte: number, payload: Buffer): void {
    this.socket.write(RawWebSocket.maskedFrame(firstByte, payload));
  }

  /** The bytes of one masked client frame, e.g. to send thousands of them in one write. */
  static maskedFrame(firstByte: number, payload: Buffer): Buffer {
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
    let length: Buffer;
    if (payload.length < 126) length = Buffer.from([0x80 | payload.length]);
    else {
      length = Buffer.alloc(3);
      length[0] = 0x80 | 126;
      length.writeUInt16BE(payload.length, 1);
    }
    return Buffer.concat([Buffer.from([firstByte]), length, mask, masked]);
  }

  /** Writes bytes as they are, for frames the other helpers refuse to build (unmasked, cut short). */
  sendBytes(data: Buffer): void {
    this.socket.write(data);
  }

  sendText(text: string): void {
    this.sendFrame(0x81, Buffer.from(text));
  }

  /** Text frames received so far, parsed as JSON events. */
  events(): { event: string; [key: string]: unknown }[] {
    return this.frames.filter((frame) => frame.opcode === 0x1).map((frame) => JSON.parse(frame.payload.toString()) as { event: string });
  }

  /** The status code of the server's close frame, if it sent one. */
  closeCode(): number | null {
    const close = this.frames.find((frame) => frame.opcode === 0x8);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
  }

  /** Resolves once a received frame matches (already or later); rejects after `timeoutMs`. */
  waitFor(match: (frame: RawFrame) => boolean, timeoutMs = 5000): Promise<RawFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (!found) return false;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== onFrame);
        resolve(found);
        return true;
      };
      const onFrame = () => void check();
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs}ms`)), timeoutMs);
      if (!check()) this.listeners.push(onFrame);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = parseFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.size);
      this.frames.push(frame.frame);
      for (const listener of [...this.listeners]) listener();
    }
  }
}

function readHead(socket: net.Socket): Promise<{ head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      resolve({ head: received.subarray(0, end).toString(), rest: received.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('connection closed during the handshake')));
  });
}

/** One unmasked server frame from the start of `data`, or null when it is not complete yet. */
function parseFrame(data: Buffer): { frame: RawFrame; size: number } | null {
  if (data.length < 2) return null;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  if (data.length < offset + length) return null;
  const frame = { fin: (data[0]! & 0x80) !== 0, opcode: data[0]! & 0x0f, payload: data.subarray(offset, offset + length) };
  return { frame, size: offset + length };
}
