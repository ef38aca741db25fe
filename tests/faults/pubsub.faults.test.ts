import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../support/context.js';
import { report } from './chat-run.js';
import { chatRoom, hold, startTopology, type Topology } from './topology.js';

const db = testDatabase();
let topology: Topology;

beforeAll(async () => {
  topology = await startTopology(6390);
});
afterAll(async () => {
  await topology?.stop();
  await db.$disconnect();
});

describe('the Redis pub/sub connection fails mid-chat', () => {
  it('killed (CLIENT KILL TYPE pubsub): processes subscribe again, clients catch up, every stored message reaches every member once', async () => {
    const run = await chatRoom(topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    const killed = await topology.admin.client('KILL', 'TYPE', 'pubsub');
    await run.measureRecovery(Date.now());
    await hold(2000);
    await run.settle();
    const figures = await run.figures();
    run.stop();
    report('pub/sub connection killed', figures, { 'subscribers killed': Number(killed) });

    expect(Number(killed)).toBe(2);
    expect(figures).toMatchObject({ lost: 0, duplicates: 0, phantom: 0, unacknowledged: 0 });
    expect(figures.acknowledged).toBe(figures.stored);
  });

  it('stalled (CLIENT PAUSE 3 s): chat waits, then carries on with nothing lost or doubled', async () => {
    const run = await chatRoom(topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    await topology.admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
    // Sent during the pause: recovery counts from the pause's end.
    await run.measureRecovery(Date.now() + 3000);
    await hold(2000);
    await run.settle();
    const figures = await run.figures();
    run.stop();
    report('Redis paused 3 s', figures);

    expect(figures).toMatchObject({ lost: 0, duplicates: 0, phantom: 0, unacknowledged: 0 });
    expect(figures.acknowledged).toBe(figures.stored);
  });
});
