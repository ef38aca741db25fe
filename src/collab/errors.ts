import { AppError } from '../http/errors.js';

/**
 * The collab feature's expected failures, one factory per stable code, so every route,
 * socket and test sees the same status, code and Korean text.
 */
export const collabErrors = {
  roomNotFound: () => new AppError(404, 'ROOM_NOT_FOUND', '채팅방을 찾을 수 없습니다.'),
  banned: () => new AppError(403, 'BANNED', '이 채팅방에서 강퇴되어 입장할 수 없습니다.'),
  noAccess: () => new AppError(403, 'NO_ACCESS', '이 채팅방에 입장한 뒤 이용할 수 있습니다.'),
  roomFull: () => new AppError(403, 'ROOM_FULL', '채팅방 정원이 가득 찼습니다.'),
  wrongPassword: () => new AppError(400, 'WRONG_PASSWORD', '비밀번호가 올바르지 않습니다.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(429, 'TOO_MANY_ATTEMPTS', '비밀번호를 너무 많이 틀렸습니다. 잠시 후 다시 시도해 주세요.', { retryAfterSeconds }),
  notOwner: () => new AppError(403, 'NOT_OWNER', '방장만 할 수 있는 작업입니다.'),
  memberNotFound: () => new AppError(404, 'MEMBER_NOT_FOUND', '해당 사용자는 이 채팅방의 멤버가 아닙니다.'),
  invalidUserId: () => new AppError(400, 'INVALID_USER_ID', '사용자 ID가 올바르지 않습니다.'),
  cannotKickSelf: () => new AppError(400, 'CANNOT_KICK_SELF', '자기 자신은 강퇴할 수 없습니다.'),
  cannotTransferToSelf: () => new AppError(400, 'CANNOT_TRANSFER_TO_SELF', '이미 방장입니다. 다른 멤버를 선택해 주세요.'),
  alreadyBanned: () => new AppError(409, 'ALREADY_BANNED', '이미 강퇴된 사용자입니다.'),
  notBanned: () => new AppError(409, 'NOT_BANNED', '강퇴된 사용자가 아닙니다.'),
  targetBanned: () => new AppError(409, 'TARGET_BANNED', '강퇴된 사용자에게는 방장을 위임할 수 없습니다.'),
  ownerMustTransfer: () =>
    new AppError(409, 'OWNER_MUST_TRANSFER', '방장은 다른 멤버에게 방장을 위임한 뒤 나갈 수 있습니다.'),
  slugUnavailable: () => new AppError(503, 'SLUG_UNAVAILABLE', '채팅방 주소를 만들지 못했습니다. 잠시 후 다시 시도해 주세요.'),
};
