import { appError } from '../errors/catalogue.js';
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/**
 * Takes the room's next `count` sequence numbers and answers the first. The UPDATE locks
 * the room row until the transaction ends, so numbers are handed out, and committed, in
 * order: a client that saw number n has seen every change before it.
 */
export async function nextSeq(tx: Tx, roomId: number, count = 1): Promise<number> {
  const updated = await tx.$executeRaw`UPDATE rooms SET last_seq = LAST_INSERT_ID(last_seq + ${count}) WHERE id = ${roomId}`;
  if (updated !== 1) throw appError('ROOM_NOT_FOUND');
  const [row] = await tx.$queryRaw<{ last: bigint | number }[]>`SELECT LAST_INSERT_ID() AS last`;
  return Number(row?.last) - count + 1;
}
