import bcrypt from 'bcrypt';
import type { RoomBus } from '../bus/bus.js';
import type { RoomSettings } from '../bus/events.js';
import type { Database } from '../db/prisma.js';
import { appError } from '../errors/catalogue.js';
import { newInviteToken } from './invitations.js';
import { inTransaction } from './room-data.js';
import type { RoomSettingsInput } from './schemas.js';
import { lockAsStaff, writeLog } from './staff.js';

/**
 * The owner changes what was chosen at creation: name, topic, capacity, password, privacy
 * and tags (`POST /rooms/<slug>/settings/`). The slug stays, so links and open pages keep
 * working after a rename. Under the room's row lock, so the member count a smaller capacity
 * is checked against cannot grow meanwhile (entering takes the same lock); a room turned
 * private gets an invitation if it had none. Logged, and announced with `room_updated`.
 */
export function createRoomSettings({ db, bus, bcryptCost }: { db: Database; bus: RoomBus; bcryptCost: number }) {
  return async function updateSettings({ slug, actorId, input }: { slug: string; actorId: number; input: RoomSettingsInput }): Promise<RoomSettings> {
    // Hashed before the lock: bcrypt is slow, and the room waits for nothing.
    const passwordHash = input.password ? await bcrypt.hash(input.password, bcryptCost) : input.password;
    const { roomId, settings } = await inTransaction(db, async (tx) => {
      const { room, actor } = await lockAsStaff(tx, slug, actorId, null, 'owner');
      const members = await tx.roomMember.count({ where: { roomId: room.id, isBanned: false } });
      if (input.capacity < members) throw appError('CAPACITY_BELOW_MEMBERS', { members });
      const current = await tx.room.findUniqueOrThrow({ where: { id: room.id }, select: { inviteToken: true } });
      await tx.roomTag.deleteMany({ where: { roomId: room.id } });
      const updated = await tx.room.update({
        where: { id: room.id },
        data: {
          name: input.name,
          topic: input.topic,
          capacity: input.capacity,
          isPrivate: input.isPrivate,
          ...(passwordHash === undefined ? {} : { passwordHash }),
          ...(input.isPrivate && !current.inviteToken ? { inviteToken: newInviteToken() } : {}),
          tags: { create: input.tags.map((tag) => ({ tag })) },
        },
        select: { name: true, slug: true, topic: true, capacity: true, isPrivate: true, passwordHash: true },
      });
      await writeLog(tx, { ...room, name: updated.name }, actor, null, 'settings');
      const { passwordHash: hash, isPrivate, ...rest } = updated;
      return { roomId: room.id, settings: { ...rest, has_password: hash !== null, is_private: isPrivate, tags: input.tags } };
    });
    await bus.toRoom(roomId, { event: 'room_updated', room: settings });
    return settings;
  };
}

/** A room's settings as members may see them (never the password itself). */
export async function roomSettingsOf(db: Database, roomId: number): Promise<RoomSettings> {
  const room = await db.room.findUniqueOrThrow({
    where: { id: roomId },
    select: { name: true, slug: true, topic: true, capacity: true, isPrivate: true, passwordHash: true, tags: { select: { tag: true }, orderBy: { tag: 'asc' } } },
  });
  const { passwordHash, isPrivate, tags, ...rest } = room;
  return { ...rest, has_password: passwordHash !== null, is_private: isPrivate, tags: tags.map((row) => row.tag) };
}

export type UpdateRoomSettings = ReturnType<typeof createRoomSettings>;
