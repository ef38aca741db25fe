import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { findBinary } from '../../src/tooling/private-instances.js';
import { redisAnswers } from '../../src/tooling/probe.js';
import { freePort } from './ports.js';

/**
 * A redis-server of one test file's own, so stopping it disturbs no other test. It keeps an
 * append-only file synced on every write: the sessions (and presence) in it survive a
 * restart, as they would on a production Redis with persistence. Without it every session
 * would be gone and a test could only show that everyone is logged out, not that a running
 * chat carries on.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'codingline-redis-'));

  private constructor(private readonly binary: string, readonly port: number) {}

  /** On `port`, else on a free one. */
  static async create(port?: number): Promise<PrivateRedis> {
    const binary = findBinary('redis-server');
    if (!binary) throw new Error('redis-server is not installed: this test needs a Redis it can stop and start');
    return new PrivateRedis(binary, port ?? (await freePort()));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    this.child = spawn(this.binary, args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    // Whatever answers must be this child: another server on the port is not ours to stop.
    while ((await redisAnswers(this.url)) !== true || !(await this.answeringIsOurs())) {
      if (this.child.exitCode !== null) throw new Error(`redis-server could not start on port ${this.port} (is it taken?)`);
      if (Date.now() > deadline) throw new Error(`the private redis-server on port ${this.port} did not answer within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async answeringIsOurs(): Promise<boolean> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      return /process_id:(\d+)/.exec(await redis.info('server'))?.[1] === String(this.child?.pid);
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  }

  /** SIGKILL: no shutdown save, no goodbye to clients. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
