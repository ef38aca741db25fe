import { describe, expect, it } from 'vitest';
import { whoToNotify, type NotifiableMember } from '../../src/notifications/decide.js';

// "Who gets notified of this message": the pure decision, every rule on its own.

const AUTHOR = 1;
const member = (userId: number, overrides: Partial<NotifiableMember> = {}): NotifiableMember => ({ userId, level: 'mentions', sound: false, browser: true, ...overrides });
const offline = new Set<number>();
const newMessage = (mentions: number[] = []) => ({ authorId: AUTHOR, mentions, isNew: true });

describe('whoToNotify', () => {
  it('notifies a mentioned member by Web Push when no page of theirs is open', () => {
    expect(whoToNotify(newMessage([2]), [member(2), member(3)], offline)).toEqual([{ userId: 2, reason: 'mention', via: 'push' }]);
  });

  it("tells an online member's pages instead, with their sound and popup switches", () => {
    const members = [member(2, { sound: true }), member(3, { browser: false, sound: true }), member(4, { browser: false })];
    expect(whoToNotify(newMessage([2, 3, 4]), members, new Set([2, 3, 4]))).toEqual([
      { userId: 2, reason: 'mention', via: 'page', sound: true, popup: true },
      { userId: 3, reason: 'mention', via: 'page', sound: true, popup: false },
    ]);
  });

  it('never notifies the author, even when they mention themselves or chose every message', () => {
    expect(whoToNotify(newMessage([AUTHOR]), [member(AUTHOR, { level: 'all' })], offline)).toEqual([]);
  });

  it('follows the room setting: all messages, mentions only, nothing (a muted room)', () => {
    const members = [member(2, { level: 'all' }), member(3, { level: 'mentions' }), member(4, { level: 'none' })];
    expect(whoToNotify(newMessage(), members, offline)).toEqual([{ userId: 2, reason: 'message', via: 'push' }]);
    expect(whoToNotify(newMessage([2, 3, 4]), members, offline)).toEqual([
      { userId: 2, reason: 'mention', via: 'push' },
      { userId: 3, reason: 'mention', via: 'push' },
    ]);
  });

  it('sounds only for mentions: an ordinary message in an "all" room pops up silently', () => {
    expect(whoToNotify(newMessage(), [member(2, { level: 'all', sound: true })], new Set([2]))).toEqual([
      { userId: 2, reason: 'message', via: 'page', sound: false, popup: true },
    ]);
  });

  it('sends no Web Push to a user who turned browser notifications off', () => {
    expect(whoToNotify(newMessage([2]), [member(2, { browser: false, sound: true })], offline)).toEqual([]);
  });

  it('tells nobody who is not a current member (banned, departed), even when mentioned', () => {
    expect(whoToNotify(newMessage([7]), [member(2)], offline)).toEqual([]);
  });

  it('notifies an edit only to the members it newly mentions, not to "all" members', () => {
    const members = [member(2, { level: 'all' }), member(3)];
    expect(whoToNotify({ authorId: AUTHOR, mentions: [3], isNew: false }, members, offline)).toEqual([{ userId: 3, reason: 'mention', via: 'push' }]);
  });
});
