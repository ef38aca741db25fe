import type { Bus, RoomDelivery, UserDelivery } from './bus.js';
import type { ControlMessage } from './control.js';

/** Single-process bus (no Redis configured), like Channels' InMemoryChannelLayer. */
export function createLocalBus(): Bus {
  const subscribed = new Set<number>();
  const subscribedUsers = new Set<number>();
  const roomHandlers: ((delivery: RoomDelivery) => void)[] = [];
  const userHandlers: ((delivery: UserDelivery) => void)[] = [];
  const controlHandlers: ((message: ControlMessage) => void)[] = [];
  return {
    async toRoom(roomId, event) {
      if (!subscribed.has(roomId)) return;
      const delivery = { roomId, raw: Buffer.from(JSON.stringify(event)), event };
      for (const handler of roomHandlers) handler(delivery);
    },
    async subscribe(roomId) {
      subscribed.add(roomId);
    },
    async unsubscribe(roomId) {
      subscribed.delete(roomId);
    },
    onRoomEvent(handler) {
      roomHandlers.push(handler);
    },
    async toUser(userId, event) {
      if (!subscribedUsers.has(userId)) return;
      const delivery = { userId, raw: Buffer.from(JSON.stringify(event)), event };
      for (const handler of userHandlers) handler(delivery);
    },
    async subscribeUser(userId) {
      subscribedUsers.add(userId);
    },
    async unsubscribeUser(userId) {
      subscribedUsers.delete(userId);
    },
    onUserEvent(handler) {
      userHandlers.push(handler);
    },
    async toProcesses(message) {
      for (const handler of controlHandlers) handler(message);
    },
    onControl(handler) {
      controlHandlers.push(handler);
    },
    // In one process nothing can be missed.
    onResumed() {},
    async close() {
      subscribed.clear();
      subscribedUsers.clear();
    },
  };
}
