import type { ServerEvent } from '../../bus/events.js';
import { createComposer } from './composer.js';
import { createConnection } from './connection.js';
import { readRoomContext, status } from './context.js';
import { bindAjaxForms } from './forms.js';
import { createImagePanel } from './images.js';
import { followMessageLinks } from './jump.js';
import { setUpInviteLink } from './invite.js';
import { setUpLightbox } from './lightbox.js';
import { createMembers } from './members.js';
import { createMentionPicker } from './mention-picker.js';
import { setUpMessageMenu } from './message-menu.js';
import { createMuteLock } from './mute-lock.js';
import { createOutbox } from './outbox.js';
import { createPinnedNotice } from './pinned-notice.js';
import { createReadMarker } from './read-marker.js';
import { setUpSearch } from './search.js';
import { createReplies } from './replies.js';
import { createRoomHeader } from './room-settings.js';
import { createSequence } from './sequence.js';
import { createTimeline } from './timeline.js';
import { createTimelineJump } from './timeline-jump.js';
import { showToast } from './toasts.js';
import { createTypingIndicator } from './typing.js';
import { createViewerRole } from './viewer-role.js';
import { trackUnseen } from './unseen.js';
import { createTabBadge } from '../shared/tab-badge.js';
import { setUpNotificationSettings } from '../shared/notification-settings.js';
import { showNotice } from '../shared/notices.js';
import { setUpUploads } from './uploads.js';

// The room page: live chat over the WebSocket, history paging, typing and presence, image
// uploads, owner controls, mentions, the read marker and mutes. Each concern is a module; this file wires them and routes
// every server event to the module that applies it. Text is always set as textContent.
// Member changes are applied from the events themselves: the page is never downloaded
// again for them, nor for a change of the viewer's own role (its staff view is fetched).

/** How long a page that lost its room shows why before going home. */
const HOME_AFTER_MS = 3000;

const context = readRoomContext();
if (context) start();

function start(): void {
  if (!context) return;
  const members = createMembers(context);
  const timeline = createTimeline(context, members.nameOf, (older) => images.addOlder(older));
  const typing = createTypingIndicator();
  const images = createImagePanel(() => {
    if (timeline.hasOlder()) void timeline.loadOlder();
  });
  const sequence = createSequence(Number(document.getElementById('room')?.dataset.lastSeq ?? 0), () => connection.reconnect());
  const connection = createConnection({ context, since: sequence.upTo, onEvent: (event) => apply(event), onOpen: () => opened() });
  const readMarker = createReadMarker({ context, timeline, connection });
  const outbox = createOutbox({ context, connection, timeline });
  const picker = createMentionPicker({ members: members.everyone, myId: context.myId });
  const jump = createTimelineJump(context, timeline, members.nameOf, (text) => status.notice(text));
  const replies = createReplies({ timeline, jump });
  const composer = createComposer({ connection, picker, draftKey: `${context.myId}.${context.slug}`, send: (text) => outbox.send(text, replies.take()) });
  const muteLock = createMuteLock({ composer, until: context.mutedUntil });
  const unseen = trackUnseen({ timeline, badge: createTabBadge() });
  const pinned = createPinnedNotice(context, (text) => status.notice(text));
  const header = createRoomHeader();
  const viewerRole = createViewerRole({ context, redrawMembers: (role) => members.setViewerRole(role) });

  /** The socket is open (again): read what is on screen, send what waits. */
  const opened = () => {
    readMarker.check();
    outbox.flush();
  };

  /** Closes the room for this page (no reconnects, no sending), says why, and goes home after a moment to read it. */
  const leaveRoom = (notice: string) => {
    connection.stop();
    composer.lock('gone');
    status.notice(`${notice} 잠시 후 홈으로 이동합니다.`);
    setTimeout(() => window.location.assign('/'), HOME_AFTER_MS);
  };

  /** Adds a message to the timeline, and reads it when the reader is at the end. */
  const arrived = (message: Parameters<typeof timeline.append>[0]) => {
    timeline.append(message);
    readMarker.check();
    unseen.arrived(message.event !== 'system' && message.user.id !== context?.myId);
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
      case 'notify':
        return showNotice(event, (room) => room === context?.slug && unseen.onScreen());
      case 'member_kicked':
        if (event.userId === context?.myId) return leaveRoom('운영진(방장 또는 부방장)에 의해 강퇴되었습니다.');
        return members.kicked(event.userId);
      case 'notice':
        return pinned.show(event.notice);
      case 'room_updated':
        return header.apply(event.room);
      case 'role_changed':
        members.roleChanged(event.userId, event.role);
        if (event.userId === context?.myId) viewerRole.changed(event.role);
        return;
      case 'owner_changed':
        members.ownerChanged(event.ownerId, event.previousOwnerId);
        if (event.ownerId === context?.myId) viewerRole.changed('owner');
        if (event.previousOwnerId === context?.myId) viewerRole.changed('member');
        return;
      case 'resync':
        return window.location.reload();
      case 'room_deleted':
        return leaveRoom('채팅방이 삭제되었습니다.');
      case 'error':
        return status.notice(event.message || '요청을 처리하지 못했습니다.');
    }
  }

  bindAjaxForms();
  timeline.olderButton?.addEventListener('click', () => {
    void timeline.loadOlder().then((problem) => problem && status.notice(problem));
  });
  setUpInviteLink();
  setUpUploads();
  setUpLightbox();
  setUpSearch(context, jump, members.nameOf);
  setUpMessageMenu({
    context,
    list: timeline.list,
    send: (frame) => connection.send(frame),
    notice: (text) => status.notice(text),
    mayRemove: (authorId) => context.isOwner || (context.role === 'moderator' && members.roleOf(authorId) === 'member'),
    reply: (item) => replies.start(item),
    pin: (id) => void pinned.pinMessage(id),
  });
  followMessageLinks(jump);
  void setUpNotificationSettings({ roomPath: context.basePath });
  outbox.restore();
  connection.connect();
}
