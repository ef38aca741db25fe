import type { RoomBus } from '../bus/bus.js';
import type { Logger } from '../logging/logger.js';
import type { PresenceStore } from './presence.js';

/** At most one `presence` event per room and process in this interval. */
export const PRESENCE_INTERVAL_MS = 300;

export interface PresenceAnnouncerOptions {
  presence: Pick<PresenceStore, 'online'>;
  bus: RoomBus;
  logger: Logger;
  intervalMs?: number;
}

/**
 * Publishes a room's `presence` list, coalesced per process: the first change in a quiet
 * room goes out at once; changes in the next interval go out together, once, at its end,
 * with the list as it is then. Twenty people arriving together make a few events, not
 * twenty, and the last one is always current. Publishes of one room leave in order.
 */
export class PresenceAnnouncer {
  /** Rooms announced within the last interval; `dirty` when another change came meanwhile. */
  private readonly cooling = new Map<number, { timer: NodeJS.Timeout; dirty: boolean }>();
  private readonly publishing = new Map<number, Promise<void>>();
  private readonly intervalMs: number;

  constructor(private readonly options: PresenceAnnouncerOptions) {
    this.intervalMs = options.intervalMs ?? PRESENCE_INTERVAL_MS;
  }

  /** The room's presence changed. */
  announce(roomId: number): void {
    const cooling = this.cooling.get(roomId);
    if (cooling) {
      cooling.dirty = true;
      return;
    }
    this.publish(roomId);
    this.coolDown(roomId);
  }

  /** Shutdown: no more announcements. */
  stop(): void {
    for (const { timer } of this.cooling.values()) clearTimeout(timer);
    this.cooling.clear();
  }

  private coolDown(roomId: number): void {
    const timer = setTimeout(() => {
      const dirty = this.cooling.get(roomId)?.dirty ?? false;
      this.cooling.delete(roomId);
      if (dirty) this.announce(roomId);
    }, this.intervalMs);
    timer.unref();
    this.cooling.set(roomId, { timer, dirty: false });
  }

  private publish(roomId: number): void {
    const { presence, bus, logger } = this.options;
    const previous = this.publishing.get(roomId) ?? Promise.resolve();
    const current = previous
      .then(async () => bus.toRoom(roomId, { event: 'presence', online: await presence.online(roomId) }))
      .catch((error: unknown) => logger.error({ err: error, roomId }, 'presence announcement failed'))
      .finally(() => {
        if (this.publishing.get(roomId) === current) this.publishing.delete(roomId);
      });
    this.publishing.set(roomId, current);
  }
}
