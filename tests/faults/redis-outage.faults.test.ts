import { describe, expect, it } from 'vitest';
import { expectWhole, report } from './chat-run.js';
import { chatRoom, hold, timedStatus, useTopology } from './topology.js';

const faults = useTopology(6391);
const { db } = faults;

describe('Redis stopped for 10 s mid-chat, then back', () => {
  it('answers pages and /readyz 503 without hanging, never crashes, and afterwards delivers every stored message to every member once', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    await faults.topology.redis.kill();
    const stoppedAt = Date.now();
    await hold(1500);
    // While Redis is away: both processes answer, saying what is missing.
    const [first, second] = faults.topology.urls();
    const ready = await Promise.all([timedStatus(`${first}/readyz`), timedStatus(`${second}/readyz`)]);
    const page = await timedStatus(`${first}/login`);
    const health = await timedStatus(`${second}/healthz`);
    await hold(10_000 - (Date.now() - stoppedAt));
    await faults.topology.redis.start();
    const restartedAt = Date.now();
    const alive = faults.topology.servers.every((server) => server.child.exitCode === null);
    await run.measureRecovery(restartedAt);
    await hold(2000);
    const figures = await run.finish();
    report('Redis stopped 10 s', figures, {
      '/readyz during': ready.map((answer) => `${answer.status} in ${answer.ms} ms`).join(' and '),
      '/login during': `${page.status} in ${page.ms} ms`,
      '/healthz during': `${health.status} in ${health.ms} ms`,
    });

    expect(ready.map((answer) => answer.status)).toEqual([503, 503]);
    for (const answer of [...ready, page, health]) expect(answer.ms).toBeLessThan(3000);
    expect(typeof page.status).toBe('number');
    expect(health.status).toBe(200);
    expect(alive).toBe(true);
    expectWhole(figures);
  });
});
