import { describe, expect, it } from 'vitest';
import { expectWhole, report } from './chat-run.js';
import { chatRoom, hold, useTopology } from './topology.js';

const faults = useTopology(6390);
const { db } = faults;

describe('the Redis pub/sub connection fails mid-chat', () => {
  it('killed (CLIENT KILL TYPE pubsub): processes subscribe again, clients catch up, every stored message reaches every member once', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    const killed = await faults.topology.admin.client('KILL', 'TYPE', 'pubsub');
    await run.measureRecovery(Date.now());
    await hold(2000);
    const figures = await run.finish();
    report('pub/sub connection killed', figures, { 'subscribers killed': Number(killed) });

    expect(Number(killed)).toBe(2);
    expectWhole(figures);
  });

  it('stalled (CLIENT PAUSE 3 s): chat waits, then carries on with nothing lost or doubled', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    await faults.topology.admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
    // Sent during the pause: recovery counts from the pause's end.
    await run.measureRecovery(Date.now() + 3000);
    await hold(2000);
    const figures = await run.finish();
    report('Redis paused 3 s', figures);

    expectWhole(figures);
  });
});
