import type { ChatAuthor, SystemKind } from '../bus/events.js';

const who = (author: Pick<ChatAuthor, 'name'> | null) => (author ? `${author.name}님` : '알 수 없는 사용자');

/**
 * The Korean line a system message shows ("민지님이 들어왔습니다."), the same on the
 * server-rendered page and in the browser (this module is bundled into the client).
 */
export function systemText(kind: SystemKind, user: Pick<ChatAuthor, 'name'> | null, target: Pick<ChatAuthor, 'name'> | null): string {
  switch (kind) {
    case 'join':
      return `${who(user)}이 들어왔습니다.`;
    case 'leave':
      return `${who(user)}이 나갔습니다.`;
    case 'kick':
      return `${who(target)}이 강퇴되었습니다.`;
    case 'unban':
      return `${who(target)}의 강퇴가 해제되었습니다.`;
    case 'transfer':
      return `${who(user)}이 ${who(target)}에게 방장을 넘겼습니다.`;
    case 'mute':
      return `${who(target)}의 채팅이 잠시 제한되었습니다.`;
  }
}
