import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { inject } from 'vitest';
import { parseMysqlUrl } from '../../src/db/mysql-url.js';
import type { Database } from '../../src/db/prisma.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import type { ProcessBus, RoomBus } from '../../src/bus/bus.js';
import type { ControlMessage } from '../../src/bus/control.js';
import type { RoomEvent } from '../../src/bus/events.js';
import { createRoomSchema } from '../../src/collab/schemas.js';

/** A bus that remembers what was published to rooms and to every process, in order. */
export function recordingBus(): RoomBus & ProcessBus & { published: { roomId: number; event: RoomEvent }[]; controls: ControlMessage[] } {
  const published: { roomId: number; event: RoomEvent }[] = [];
  const controls: ControlMessage[] = [];
  return {
    published,
    controls,
    async toRoom(roomId, event) {
      published.push({ roomId, event });
    },
    async toProcesses(message) {
      controls.push(message);
    },
  };
}

/** Media files as moderation uses them, remembering which rooms' files were removed. */
export function recordingFiles(): { removedRooms: number[]; removeRoom(roomId: number): Promise<void> } {
  const removedRooms: number[] = [];
  return {
    removedRooms,
    async removeRoom(roomId) {
      removedRooms.push(roomId);
    },
  };
}

/**
 * A Prisma client on the test database that counts the SQL statements it sends, through
 * Prisma's own query log events (they fire with the driver adapter too).
 */
export function countingDatabase(): { db: Database; statements: string[] } {
  const adapter = new PrismaMariaDb({ ...parseMysqlUrl(inject('databaseUrl')), connectionLimit: 2 });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const statements: string[] = [];
  client.$on('query', (event) => {
    statements.push(event.query);
  });
  return { db: client, statements };
}

/** Room-creation input as the HTTP layer would hand it over, after the schema. */
export function roomInput(fields: Record<string, unknown>) {
  return createRoomSchema.parse(fields);
}

/** The AppError code a promise rejects with (fails the test if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}
