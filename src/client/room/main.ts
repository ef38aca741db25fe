import type { ServerEvent } from '../../bus/events.js';
import { createComposer } from './composer.js';
import { createConnection } from './connection.js';
import { readRoomContext, status } from './context.js';
import { bindAjaxForms } from './forms.js';
import { createImagePanel } from './images.js';
import { setUpInviteLink } from './invite.js';
import { createMembers } from './members.js';
import { setUpMessageMenu } from './message-menu.js';
import { createOutbox } from './outbox.js';
import { setUpSearch } from './search.js';
import { createSequence } from './sequence.js';
import { createTimeline } from './timeline.js';
import { createTypingIndicator } from './typing.js';

// The room page: live chat over the WebSocket, history paging, typing and presence, image
// uploads and owner controls. Each concern is a module; this file wires them and routes
// every server event to the module that applies it. Text is always set as textContent.
// Member changes are applied from the events themselves: the page is never downloaded
// again for them (only a new owner reloads, to get the banned list it was never sent).

const context = readRoomContext();
if (context) start();

function start(): void {
  if (!context) return;
  const timeline = createTimeline(context);
  const typing = createTypingIndicator();
  const members = createMembers(context);
  const images = createImagePanel();
  const sequence = createSequence(Number(document.getElementById('room')?.dataset.lastSeq ?? 0));
  const connection = createConnection({ context, since: sequence.upTo, onEvent: (event) => apply(event) });
  const outbox = createOutbox({ context, connection, timeline });
  const composer = createComposer({ connection, send: (text) => outbox.send(text) });

  /** Closes the room for this page: no reconnects, no sending. */
  const leaveRoom = (notice: string) => {
    connection.stop();
    composer.disable();
    status.notice(notice);
  };

  function apply(event: ServerEvent): void {
    if ('seq' in event) sequence.seen(event.seq);
    switch (event.event) {
      case 'chat':
        timeline.append(event);
        return typing.stop(event.user.id);
      case 'image':
        timeline.append(event);
        return images.add(event);
      case 'system':
        return timeline.append(event);
      case 'delete':
        images.remove(event.id);
        return timeline.change(event);
      case 'edit':
      case 'reaction':
        return timeline.change(event);
      case 'ack':
        return outbox.acknowledged(event.client_id, event.id);
      case 'presence':
        return members.setOnline(event.online);
      case 'user_joined':
        return members.markOnline(event.user.id, true);
      case 'user_left':
        return members.markOnline(event.userId, false);
      case 'typing':
        return typing.show(event.user);
      case 'member_joined':
        return members.joined(event.user, event.role);
      case 'member_left':
        return members.left(event.userId);
      case 'member_unbanned':
        return members.unbanned(event.userId);
      case 'member_kicked':
        if (event.userId === context?.myId) return leaveRoom('방장에 의해 강퇴되었습니다.');
        return members.kicked(event.userId);
      case 'owner_changed':
        // The new owner's page lacks the banned list (never sent to members): it reloads.
        if (event.ownerId === context?.myId) return window.location.reload();
        members.ownerChanged(event.ownerId, event.previousOwnerId);
        if (event.previousOwnerId === context?.myId) members.loseOwnership();
        return;
      case 'resync':
        return window.location.reload();
      case 'room_deleted':
        leaveRoom('채팅방이 삭제되었습니다. 잠시 후 홈으로 이동합니다.');
        return void setTimeout(() => window.location.assign('/'), 2000);
      case 'error':
        return status.notice(event.message || '요청을 처리하지 못했습니다.');
    }
  }

  bindAjaxForms();
  timeline.olderButton?.addEventListener('click', () => {
    void timeline.loadOlder().then((problem) => problem && status.notice(problem));
  });
  setUpInviteLink();
  setUpSearch(context, timeline);
  setUpMessageMenu({ context, list: timeline.list, send: (frame) => connection.send(frame), notice: (text) => status.notice(text) });
  connection.connect();
}
