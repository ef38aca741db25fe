import { describe, expect, it } from 'vitest';
import { isSearchable, matchRanges, messageGrams, normalizeForSearch, queryGrams } from '../../src/messages/search-text.js';

const pair = (a: string, b: string) => ((a.charCodeAt(0) << 16) | b.charCodeAt(0)) | 0;
const single = (a: string) => (a.charCodeAt(0) << 16) | 0;

describe('normalizeForSearch', () => {
  it('applies NFKC, lower-cases and collapses whitespace', () => {
    expect(normalizeForSearch('  ＡＢＣ１２３  React\n\t스터디 ')).toBe('abc123 react 스터디');
    expect(normalizeForSearch('ﬁle')).toBe('file');
  });
});

describe('messageGrams', () => {
  it('indexes every character and every pair inside a word, distinct, never across words', () => {
    const grams = messageGrams('스터디 스터디!');
    expect(grams.sort()).toEqual([single('스'), single('터'), single('디'), pair('스', '터'), pair('터', '디')].sort());
    expect(messageGrams('ab cd')).not.toContain(pair('b', 'c'));
  });

  it('has none for text without letters or digits', () => {
    expect(messageGrams('!!! 😀 ...')).toEqual([]);
  });

  it('indexes a query\'s pairs the same way a message has them', () => {
    const message = new Set(messageGrams('파이썬스터디모임'));
    expect(queryGrams('스터디').every((gram) => message.has(gram))).toBe(true);
    expect(queryGrams('ＡＢＣ１２３').every((gram) => new Set(messageGrams('xabc123y')).has(gram))).toBe(true);
  });

  it('folds letters beyond the BMP into 16 bits, as signed 32-bit integers', () => {
    const grams = messageGrams('𠀀𠀁 𝐀');
    expect(grams.every((gram) => Number.isInteger(gram) && gram >= -(2 ** 31) && gram < 2 ** 31)).toBe(true);
    expect(grams.length).toBeGreaterThan(0);
  });
});

describe('queryGrams', () => {
  it('uses pairs for words of two or more characters and the character for one-character words', () => {
    expect(queryGrams('밥')).toEqual([single('밥')]);
    expect(queryGrams('a 스터')).toEqual([single('a'), pair('스', '터')]);
    expect(queryGrams('?!')).toEqual([]);
  });
});

describe('isSearchable', () => {
  it('needs a letter or a digit', () => {
    expect(isSearchable('ㅋ')).toBe(true);
    expect(isSearchable('7')).toBe(true);
    expect(isSearchable('?!😀')).toBe(false);
  });
});

describe('matchRanges', () => {
  it('finds the query in the shown text whatever its case or width', () => {
    const text = 'React와 REACT, ｒｅａｃｔ';
    expect(matchRanges(text, 'react').map(([start, end]) => text.slice(start, end))).toEqual(['React', 'REACT', 'ｒｅａｃｔ']);
  });

  it('finds Korean inside longer words and across collapsed spaces', () => {
    expect(matchRanges('파이썬스터디모임', '스터디')).toEqual([[3, 6]]);
    const text = '진짜   했어요';
    expect(matchRanges(text, '진짜 했어요')).toEqual([[0, text.length]]);
  });

  it('does not overlap, and answers nothing for an empty query', () => {
    expect(matchRanges('ㅋㅋㅋㅋㅋ', 'ㅋㅋ')).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(matchRanges('abc', '  ')).toEqual([]);
  });
});
