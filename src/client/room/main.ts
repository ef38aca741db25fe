import type { ServerEvent } from '../../bus/events.js';
import { createComposer } from './composer.js';
import { createConnection } from './connection.js';
import { readRoomContext, status } from './context.js';
import { createImagePanel } from './images.js';
import { setUpInviteLink } from './invite.js';
import { createMembers } from './members.js';
import { createOutbox } from './outbox.js';
import { createTimeline } from './timeline.js';
import { createTypingIndicator } from './typing.js';

// The room page: live chat over the WebSocket, history paging, typing and presence, image
// uploads and owner controls. Each concern is a module; this file wires them and routes
// every server event to the module that applies it. Text is always set as textContent.

const context = readRoomContext();
if (context) start();

function start(): void {
  if (!context) return;
  const timeline = createTimeline(context);
  const typing = createTypingIndicator();
  const members = createMembers(context);
  const images = createImagePanel();
  const connection = createConnection({ context, lastId: timeline.lastId, onEvent: (event) => apply(event) });
  const outbox = createOutbox({ context, connection, timeline });
  const composer = createComposer({ connection, send: (text) => outbox.send(text) });

  /** Closes the room for this page: no reconnects, no sending. */
  const leaveRoom = (notice: string) => {
    connection.stop();
    composer.disable();
    status.notice(notice);
  };

  function apply(event: ServerEvent): void {
    switch (event.event) {
      case 'chat':
        timeline.append(event);
        return typing.stop(event.user.id);
      case 'image':
        timeline.append(event);
        return images.add(event);
      case 'ack':
        return outbox.acknowledged(event.client_id, event.id);
      case 'presence':
        return members.setOnline(event.online);
      case 'typing':
        return typing.show(event.user);
      case 'member_joined':
      case 'member_left':
      case 'member_unbanned':
        return void members.refresh();
      case 'member_kicked':
        if (event.userId === context?.myId) return leaveRoom('방장에 의해 강퇴되었습니다.');
        return void members.refresh();
      case 'owner_changed':
      case 'resync':
        return window.location.reload();
      case 'room_deleted':
        leaveRoom('채팅방이 삭제되었습니다. 잠시 후 홈으로 이동합니다.');
        return void setTimeout(() => window.location.assign('/'), 2000);
      case 'error':
        return status.notice(event.message || '요청을 처리하지 못했습니다.');
      case 'user_joined':
      case 'user_left':
        return;
    }
  }

  timeline.olderButton?.addEventListener('click', () => {
    void timeline.loadOlder().then((problem) => problem && status.notice(problem));
  });
  setUpInviteLink();
  connection.connect();
}
