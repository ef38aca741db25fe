import bcrypt from 'bcrypt';
import { uniqueViolation } from '../db/errors.js';
import type { Database } from '../db/prisma.js';
import type { RoomMember } from '../generated/prisma/client.js';
import { appError } from '../errors/catalogue.js';
import { roomSelect, toRoomView, type RoomView } from './room-data.js';
import type { CreateRoomInput } from './schemas.js';
import { newInviteToken } from './invitations.js';
import { nextNumericSuffix, randomSuffix, slugify, withSuffix } from './slug.js';

/** Numbered slugs ("-2", "-3"…) are tried this many times, then random suffixes. */
const NUMBERED_ATTEMPTS = 6;
const MAX_ATTEMPTS = 10;
/** Enough of the taken "base-N" slugs to find the next number for any real name. */
const TAKEN_SLUGS_SCAN = 1000;

export interface CreatedRoom {
  room: RoomView;
  membership: RoomMember;
  /** The invitation token of a private room (the only way in), else null. */
  inviteToken: string | null;
}

/**
 * Creates a room and its creator's owner membership with one nested create, which
 * Prisma runs as one transaction, so there is never a room without an owner. The room
 * password is stored only as a bcrypt hash.
 *
 * The slug comes from the name; uniqueness is left to the `rooms_slug_key` index: on a
 * collision the next free number is tried, so concurrent creations of rooms with the
 * same name all succeed with distinct slugs ("a", "a-2", "a-3"…).
 */
export function createRoomCreator({ db, bcryptCost }: { db: Database; bcryptCost: number }) {
  return async function createRoom({ creatorId, input }: { creatorId: number; input: CreateRoomInput }): Promise<CreatedRoom> {
    const passwordHash = input.password === null ? null : await bcrypt.hash(input.password, bcryptCost);
    const inviteToken = input.isPrivate ? newInviteToken() : null;
    const base = slugify(input.name);
    let slug = base;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      try {
        return await insertRoom(db, { creatorId, input, slug, passwordHash, inviteToken });
      } catch (error) {
        if (uniqueViolation(error) !== 'rooms_slug_key') throw error;
      }
      slug = attempt < NUMBERED_ATTEMPTS ? withSuffix(base, nextNumericSuffix(base, await takenSlugs(db, base))) : withSuffix(base, randomSuffix());
    }
    throw appError('SLUG_UNAVAILABLE');
  };
}

async function insertRoom(
  db: Database,
  { creatorId, input, slug, passwordHash, inviteToken }: { creatorId: number; input: CreateRoomInput; slug: string; passwordHash: string | null; inviteToken: string | null },
): Promise<CreatedRoom> {
  const { members, ...room } = await db.room.create({
    data: {
      name: input.name,
      slug,
      topic: input.topic,
      capacity: input.capacity,
      passwordHash,
      isPrivate: input.isPrivate,
      inviteToken,
      createdById: creatorId,
      members: { create: { userId: creatorId, role: 'owner' } },
      tags: { create: input.tags.map((tag) => ({ tag })) },
    },
    select: { ...roomSelect, members: true },
  });
  const membership = members[0];
  if (!membership) throw new Error(`room ${room.id} was created without its owner membership`);
  return { room: toRoomView(room), membership, inviteToken };
}

async function takenSlugs(db: Database, base: string): Promise<string[]> {
  const rows = await db.room.findMany({
    where: { slug: { startsWith: `${base}-` } },
    select: { slug: true },
    take: TAKEN_SLUGS_SCAN,
  });
  return rows.map((row) => row.slug);
}
