import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv } from './support/context.js';
import { runServerToExit, startServerProcess, type ServerProcess } from './support/server-process.js';

describe('server process', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  it('starts, is ready, logs JSON lines with request ids, and shuts down cleanly on SIGTERM', async () => {
    server = await startServerProcess(testEnv());
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    await fetch(`${server.url}/somewhere`);
    const requestLine = await server.waitForLog((entry) => (entry.req as { url?: string } | undefined)?.url === '/somewhere');
    expect(requestLine).toMatchObject({ level: 30, req: { method: 'GET', id: expect.any(String) }, res: { statusCode: 404 } });

    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.logs.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('says at start-up that it runs in-memory when REDIS_URL is empty', async () => {
    server = await startServerProcess(testEnv({ REDIS_URL: '' }));
    await server.waitForLog((entry) => String(entry.msg).includes('single-process mode'));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it.each([
    [{ DATABASE_URL: '' }, /DATABASE_URL is required/],
    [{ DATABASE_URL: 'postgres://localhost/x' }, /DATABASE_URL must look like mysql:\/\//],
    [{ PORT: 'abc' }, /PORT must be a port number/],
    [{ NODE_ENV: 'production', SESSION_SECRET: '' }, /SESSION_SECRET is required in production/],
    [{ KAKAO_CLIENT_ID: 'only-the-id' }, /KAKAO_CLIENT_ID, KAKAO_CLIENT_SECRET and KAKAO_CALLBACK_URL must be set together/],
    [{ SESSION_SECRET: '', HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0 would serve other machines with the public development SESSION_SECRET/],
    [{ NODE_ENV: 'production', BCRYPT_COST: '9' }, /BCRYPT_COST must be at least 10 in production/],
  ])('refuses to start with %o, in one line naming the variable', async (overrides, message) => {
    const { code, stderr } = await runServerToExit(testEnv(overrides));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('serves only this machine when SESSION_SECRET is not set', async () => {
    server = await startServerProcess(testEnv({ SESSION_SECRET: '' }));
    const listening = await server.waitForLog((entry) => String(entry.msg).includes('listening'));
    expect(listening.host).toBe('127.0.0.1');
    await server.waitForLog((entry) => String(entry.msg).includes('SESSION_SECRET is not set'));
    const port = new URL(server.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // Another address of this machine, as another machine would reach it: nothing listens there.
    const external = Object.values(networkInterfaces()).flat().find((info) => info?.family === 'IPv4' && !info.internal);
    if (external) await expect(fetch(`http://${external.address}:${port}/healthz`)).rejects.toThrow();
  });

  it('never logs the password of REDIS_URL', async () => {
    const password = `s3cret-${Date.now()}`;
    // Nothing listens on port 1: the connection fails, and the failure is logged.
    server = await startServerProcess(testEnv({ REDIS_URL: `redis://:${password}@127.0.0.1:1/15` }));
    const failure = await server.waitForLog((entry) => String(entry.msg).includes('does not answer'));
    expect(failure.msg).toContain('redis://:***@127.0.0.1:1/15');
    await fetch(`${server.url}/readyz`);
    await server.stop('SIGTERM');
    expect(server.logs.length).toBeGreaterThan(2);
    for (const entry of server.logs) expect(JSON.stringify(entry)).not.toContain(password);
  });
});
