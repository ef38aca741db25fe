import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import type { S3Config } from '../../src/config/config.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
/** s3rver's built-in account: the only key pair it accepts. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalS3 {
  /** The S3 driver's settings for this server (path-style, its endpoint, its key pair). */
  config: S3Config;
  /** The same as server environment variables (MEDIA_STORAGE=s3 …). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts s3rver (npm) as its own process on a free local port, with an empty bucket in a
 * temporary folder. Its ListObjectsV2 continuation tokens use DES, which Node's OpenSSL 3
 * keeps in the legacy provider: the process runs with it enabled.
 */
export async function startLocalS3(bucket = 'codingline-test'): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'codingline-s3-'));
  const child = spawn(tsx, [path.join(root, 'tests/support/s3rver-main.ts'), directory, bucket], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${String(code)} before it listened`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    config: { bucket, region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS },
    env: {
      MEDIA_STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const done = once(child, 'exit');
        child.kill('SIGTERM');
        await done;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A local S3 server for one test file: started before its tests, stopped after them. */
export function useLocalS3(): { readonly s3: LocalS3 } {
  let s3: LocalS3 | undefined;
  beforeAll(async () => {
    s3 = await startLocalS3();
  });
  afterAll(async () => {
    await s3?.stop();
  });
  return {
    get s3() {
      if (!s3) throw new Error('useLocalS3() is ready only inside tests and hooks');
      return s3;
    },
  };
}
