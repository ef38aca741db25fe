import { describe, expect, it } from 'vitest';
import { findMentions, mentionSpans, storedMentionSpans } from '../../src/messages/mentions.js';

const members = [
  { id: 1, name: '민수' },
  { id: 2, name: '민수짱' },
  { id: 3, name: 'Kim Minsu' },
  { id: 4, name: 'bob' },
  { id: 5, name: '파이썬 러버' },
];
const AUTHOR = 9;

describe('findMentions', () => {
  it('finds a Korean nickname, with a particle after it or at the end', () => {
    expect(findMentions('@민수 안녕', members, AUTHOR)).toEqual([1]);
    expect(findMentions('@민수야 밥 먹자', members, AUTHOR)).toEqual([1]);
    expect(findMentions('고마워요 @민수', members, AUTHOR)).toEqual([1]);
  });

  it('takes the longest name when one nickname is a prefix of another', () => {
    expect(findMentions('@민수짱 안녕', members, AUTHOR)).toEqual([2]);
    expect(findMentions('@민수 짱', members, AUTHOR)).toEqual([1]);
  });

  it('finds nicknames with spaces, Latin ones without regard to case', () => {
    expect(findMentions('@Kim Minsu 회의 언제?', members, AUTHOR)).toEqual([3]);
    expect(findMentions('@kim minsu', members, AUTHOR)).toEqual([3]);
    expect(findMentions('@파이썬 러버 님', members, AUTHOR)).toEqual([5]);
    // Only the first word of a spaced name is no one's name.
    expect(findMentions('@Kim 씨', members, AUTHOR)).toEqual([]);
  });

  it('does not mention a name continued by Latin letters or digits, nor an e-mail address', () => {
    expect(findMentions('@bob2 누구?', members, AUTHOR)).toEqual([]);
    expect(findMentions('@bobby', members, AUTHOR)).toEqual([]);
    expect(findMentions('@bob, @bob!', members, AUTHOR)).toEqual([4]);
    expect(findMentions('메일은 me@bob 로', members, AUTHOR)).toEqual([]);
    expect(findMentions('(@bob)', members, AUTHOR)).toEqual([4]);
    expect(findMentions('메일은 me@bobmail.com', members, AUTHOR)).toEqual([]);
  });

  it('ignores non-members, the author, and repeated mentions', () => {
    expect(findMentions('@영희 안녕', members, AUTHOR)).toEqual([]);
    expect(findMentions('@민수 @민수 @bob', members, AUTHOR)).toEqual([1, 4]);
    expect(findMentions('@민수 나야', members, 1)).toEqual([]);
    expect(findMentions('골뱅이 없음', members, AUTHOR)).toEqual([]);
    expect(findMentions('@', members, AUTHOR)).toEqual([]);
    expect(findMentions('@@민수', members, AUTHOR)).toEqual([1]);
  });
});

describe('mentionSpans', () => {
  it('cuts the text at each mention and keeps every character', () => {
    const text = '안녕 @민수짱, @Kim Minsu! 또 봐';
    const spans = mentionSpans(text, members);
    expect(spans).toEqual([{ text: '안녕 ' }, { text: '@민수짱', userId: 2 }, { text: ', ' }, { text: '@Kim Minsu', userId: 3 }, { text: '! 또 봐' }]);
    expect(spans.map((span) => span.text).join('')).toBe(text);
  });

  it('keeps positions right when lowering the case changes a length', () => {
    const text = 'İİ @bob 안녕';
    expect(mentionSpans(text, members).map((span) => span.text).join('')).toBe(text);
    expect(mentionSpans(text, members)).toContainEqual({ text: '@bob', userId: 4 });
  });

  it('names stored mentions as the room shows them now; someone gone stays plain', () => {
    const names = new Map([[1, '민수']]);
    expect(storedMentionSpans('@민수 @bob', [1, 4], (id) => names.get(id))).toEqual([{ text: '@민수', userId: 1 }, { text: ' @bob' }]);
    expect(storedMentionSpans('그냥 글', [], (id) => names.get(id))).toEqual([{ text: '그냥 글' }]);
  });
});
