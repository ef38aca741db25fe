import { describe, expect, it } from 'vitest';
import { until } from '../realtime/helpers.js';
import { expectWhole, report } from './chat-run.js';
import { chatRoom, hold, timedStatus, useTopology } from './topology.js';

const faults = useTopology(6392);
const { db } = faults;

describe('MySQL unreachable for 10 s (every connection cut at the proxy)', () => {
  it('answers sends with an error event and no ack, broadcasts nothing unstored, and stores each resent client_id once afterwards', async () => {
    const run = await chatRoom(faults.topology, db, 6);
    run.startLoad(150);
    await hold(2000);
    faults.topology.mysqlProxy.cut();
    const cutAt = Date.now();
    const [sender] = run.active();
    const errorsBefore = sender!.errorCodes.length;
    const during = sender!.send('DB 장애 중');
    // The sender hears an error, not silence, and no ack.
    await until(() => sender!.errorCodes.length > errorsBefore, 'an error event for a send during the outage', 8000, 20);
    const errorAfterMs = Date.now() - cutAt;
    const errorCode = sender!.errorCodes[errorsBefore];
    const ackedDuring = sender!.ackedId(during);
    const ready = await timedStatus(`${faults.topology.urls()[0]}/readyz`);
    await hold(10_000 - (Date.now() - cutAt));
    faults.topology.mysqlProxy.restore();
    await run.measureRecovery(Date.now());
    await hold(2000);
    const figures = await run.finish();
    const rows = await db.message.findMany({ where: { clientId: during }, select: { id: true } });
    report('MySQL cut 10 s', figures, {
      'first error event': `${errorCode} after ${errorAfterMs} ms`,
      '/readyz during': `${ready.status} in ${ready.ms} ms`,
      'rows of the message sent during the cut': rows.length,
    });

    expect(errorCode).toBe('INTERNAL');
    expect(ackedDuring).toBeNull();
    expect(ready.status).toBe(503);
    expect(rows).toHaveLength(1);
    expect(sender!.ackedId(during)).toBe(rows[0]!.id);
    expectWhole(figures);
  });
});
