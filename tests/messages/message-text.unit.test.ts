import { describe, expect, it } from 'vitest';
import { avatarInitial, avatarTone } from '../../src/messages/avatar.js';
import { linkPieces, messageTextPieces } from '../../src/messages/message-text.js';

describe('linkPieces', () => {
  it('marks http(s) and www. addresses, leaving the text around them plain', () => {
    expect(linkPieces('여기 https://example.com/a?b=1 보세요')).toEqual([
      { text: '여기 ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ' 보세요' },
    ]);
    expect(linkPieces('www.naver.com')).toEqual([{ text: 'www.naver.com', href: 'https://www.naver.com/' }]);
  });

  it('leaves sentence punctuation out of the address but keeps a parenthesis the address opened', () => {
    expect(linkPieces('보세요: https://a.kr/x.')).toEqual([{ text: '보세요: ' }, { text: 'https://a.kr/x', href: 'https://a.kr/x' }, { text: '.' }]);
    expect(linkPieces('(https://a.kr/x)')[1]).toEqual({ text: 'https://a.kr/x', href: 'https://a.kr/x' });
    expect(linkPieces('https://ko.wikipedia.org/wiki/A_(B)')[0]?.text).toBe('https://ko.wikipedia.org/wiki/A_(B)');
  });

  it('never makes a link of another scheme', () => {
    expect(linkPieces('javascript:alert(1) data:text/html,x')).toEqual([{ text: 'javascript:alert(1) data:text/html,x' }]);
  });
});

describe('messageTextPieces', () => {
  it('keeps mentions as they are and cuts links out of the plain parts', () => {
    const names = new Map([[7, '민지']]);
    expect(messageTextPieces('@민지 https://a.kr 봐', [7], (id) => names.get(id))).toEqual([
      { text: '@민지', userId: 7 },
      { text: ' ' },
      { text: 'https://a.kr', href: 'https://a.kr/' },
      { text: ' 봐' },
    ]);
  });
});

describe('letter avatars', () => {
  it('shows the first letter, capitalised, and one colour per person', () => {
    expect(avatarInitial(' 민지')).toBe('민');
    expect(avatarInitial('kim')).toBe('K');
    expect(avatarInitial('')).toBe('?');
    expect(avatarInitial('😀abc')).toBe('😀');
    expect(avatarTone(3)).toBe(avatarTone(11));
    expect(avatarTone(3)).not.toBe(avatarTone(4));
  });
});
