// Reads a server's V8 heap from outside: the server runs with node's `--inspect` flag and
// this speaks the DevTools protocol to it, so no benchmark code goes into the server.
import { createServer } from 'node:net';
import WebSocket from 'ws';

/** A port nothing listens on right now (for --inspect=127.0.0.1:<port>). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A DevTools-protocol session with one process started with --inspect. */
export class HeapInspector {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  static async connect(port: number): Promise<HeapInspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new HeapInspector(ws);
  }

  /** Runs a full garbage collection, then reads the V8 heap in use (bytes). */
  async heapAfterGc(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage');
    const { usedSize } = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  }

  /** Evaluates an expression in the server's main context and returns its (JSON) value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result } = (await this.call('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T } };
    return result.value;
  }

  close(): void {
    this.ws.close();
  }

  private call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result)));
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
}
