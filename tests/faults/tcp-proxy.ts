import net from 'node:net';

type Mode = 'open' | 'cut' | 'stalled';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

/**
 * A TCP proxy in front of one server (Redis, MariaDB) that a test can cut, stall and
 * restore, as a network would: `cut()` resets every connection and refuses new ones,
 * `stall()` stops moving bytes both ways (connections stay open, new ones wait), and
 * `restore()` lets everything flow again. No toxiproxy or `tc` needed.
 */
export class TcpProxy {
  private mode: Mode = 'open';
  private readonly pairs = new Set<Pair>();

  private constructor(private readonly server: net.Server, readonly port: number, private readonly target: number) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port, targetPort);
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** Connections through the proxy right now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Resets every connection and refuses new ones until `restore()`. */
  cut(): void {
    this.mode = 'cut';
    for (const pair of this.pairs) this.drop(pair);
  }

  /** Stops moving bytes; new connections are accepted but wait. */
  stall(): void {
    this.mode = 'stalled';
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  restore(): void {
    this.mode = 'open';
    for (const pair of this.pairs) {
      if (!pair.upstream) this.connectUpstream(pair);
      pair.client.resume();
      pair.upstream?.resume();
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => {});
    if (this.mode === 'cut') return void client.resetAndDestroy();
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.once('close', () => this.drop(pair));
    client.pause();
    if (this.mode === 'open') this.connectUpstream(pair);
  }

  private connectUpstream(pair: Pair): void {
    const upstream = net.connect(this.target, '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('error', () => {});
    upstream.once('close', () => this.drop(pair));
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
    pair.client.resume();
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  }
}
