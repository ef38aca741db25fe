import { describe, expect, it } from 'vitest';
import { until } from '../realtime/helpers.js';
import { expectWhole, report } from './chat-run.js';
import { chatRoom, hold, useTopology } from './topology.js';

const PRESENCE_TTL_SECONDS = 5;
const faults = useTopology(6393, { PRESENCE_TTL_SECONDS: String(PRESENCE_TTL_SECONDS) });
const { db } = faults;

describe('app processes go away under load', () => {
  it('a rolling restart of both processes loses no stored message and doubles none', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    const outages: number[] = [];
    for (const index of [0, 1]) {
      // The probe goes out as the process stops: how long until chat works again for everyone.
      const [, recovered] = await Promise.all([faults.topology.replace(index), run.measureRecovery(Date.now())]);
      outages.push(recovered);
      await hold(2000);
    }
    run.recoveryMs = Math.max(...outages);
    const figures = await run.finish();
    report('rolling restart', figures, { 'recovery per restart': outages.map((ms) => `${ms} ms`).join(' and ') });

    expectWhole(figures);
  });

  it('one process SIGKILLed mid-chat: its clients move to the other, its vanished users leave presence within the expiry, nothing stored is lost', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    // Clients 0, 2 and 4 live on the first process; 4 goes with it and never comes back.
    const [observer, , , , gone] = run.clients;
    run.startLoad(150);
    await hold(2000);
    expect(observer!.presence).toContain(gone!.userId);
    await faults.topology.servers[0]!.stop('SIGKILL');
    const killedAt = Date.now();
    gone!.vanish();
    await run.measureRecovery(killedAt);
    await until(() => observer!.online && !observer!.presence.includes(gone!.userId), 'the vanished user to leave presence', 3 * PRESENCE_TTL_SECONDS * 1000, 20);
    const presenceDroppedMs = Date.now() - killedAt;
    await hold(1000);
    const figures = await run.finish();
    report('one process SIGKILLed', figures, { 'vanished user left presence after': `${presenceDroppedMs} ms (expiry ${PRESENCE_TTL_SECONDS} s)` });

    expect(presenceDroppedMs).toBeLessThan(PRESENCE_TTL_SECONDS * 1000 + 2000);
    expectWhole(figures);
    await faults.topology.replace(0);
  });
});
