import type { ServerEvent } from '../../bus/events.js';
import { createComposer } from './composer.js';
import { createConnection } from './connection.js';
import { readRoomContext, status } from './context.js';
import { bindAjaxForms } from './forms.js';
import { createImagePanel } from './images.js';
import { setUpInviteLink } from './invite.js';
import { createMembers } from './members.js';
import { createMentionPicker } from './mention-picker.js';
import { setUpMessageMenu } from './message-menu.js';
import { createMuteLock } from './mute-lock.js';
import { createOutbox } from './outbox.js';
import { createReadMarker } from './read-marker.js';
import { createSequence } from './sequence.js';
import { createTimeline } from './timeline.js';
import { showToast } from './toasts.js';
import { createTypingIndicator } from './typing.js';

// The room page: live chat over the WebSocket, history paging, typing and presence, image
// uploads, owner controls, mentions, the read marker and mutes. Each concern is a module; this file wires them and routes
// every server event to the module that applies it. Text is always set as textContent.
// Member changes are applied from the events themselves: the page is never downloaded
// again for them (only a new owner reloads, to get the banned list it was never sent).

const context = readRoomContext();
if (context) start();

function start(): void {
  if (!context) return;
  const members = createMembers(context);
  const timeline = createTimeline(context, members.nameOf);
  const typing = createTypingIndicator();
  const images = createImagePanel();
  const sequence = createSequence(Number(document.getElementById('room')?.dataset.lastSeq ?? 0), () => connection.reconnect());
  const connection = createConnection({ context, since: sequence.upTo, onEvent: (event) => apply(event), onOpen: () => readMarker.check() });
  const readMarker = createReadMarker({ context, timeline, connection });
  const outbox = createOutbox({ context, connection, timeline });
  const picker = createMentionPicker({ members: members.everyone, myId: context.myId });
  const composer = createComposer({ connection, picker, send: (text) => outbox.send(text) });
  const muteLock = createMuteLock({ composer, until: context.mutedUntil });

  /** Closes the room for this page: no reconnects, no sending. */
  const leaveRoom = (notice: string) => {
    connection.stop();
    composer.lock('gone');
    status.notice(notice);
  };

  /** Adds a message to the timeline, and reads it when the reader is at the end. */
  const arrived = (message: Parameters<typeof timeline.append>[0]) => {
    timeline.append(message);
    readMarker.check();
  };

  function apply(event: ServerEvent): void {
    if ('seq' in event) sequence.seen(event.seq);
    switch (event.event) {
      case 'chat':
        arrived(event);
        return typing.stop(event.user.id);
      case 'image':
        arrived(event);
        return images.add(event);
      case 'system':
        return arrived(event);
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
      case 'member_muted':
        if (event.userId === context?.myId) muteLock.set(Date.parse(event.until));
        return members.muted(event.userId, event.until);
      case 'member_unmuted':
        if (event.userId === context?.myId) muteLock.set(0);
        return members.unmuted(event.userId);
      case 'read':
        if (event.room === context?.slug) readMarker.readElsewhere(event.id);
        return;
      case 'mention':
        // A mention here is highlighted in the timeline; one elsewhere gets a notice.
        if (event.room === context?.slug) return;
        return showToast(`${event.user.name}님이 ‘${event.room_name}’에서 회원님을 언급했습니다: ${event.excerpt}`, { href: `/rooms/${encodeURIComponent(event.room)}/`, label: '보러 가기' });
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
  setUpMessageMenu({ context, list: timeline.list, send: (frame) => connection.send(frame), notice: (text) => status.notice(text) });
  connection.connect();
}
