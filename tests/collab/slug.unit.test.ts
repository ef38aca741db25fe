import { describe, expect, it } from 'vitest';
import { FALLBACK_SLUG, nextNumericSuffix, randomSuffix, SLUG_BASE_MAX_LENGTH, SLUG_COLUMN_LENGTH, slugify, withSuffix } from '../../src/collab/slug.js';

describe('slugify', () => {
  it.each([
    ['파이썬 스터디', '파이썬-스터디'],
    ['  Python   Study  ', 'python-study'],
    ['React & Node.js 모임!!', 'react-node-js-모임'],
    ['C++ / 알고리즘 (초급)', 'c-알고리즘-초급'],
    ['under_score--and---dashes', 'under-score-and-dashes'],
    ['ＦＵＬＬ　ｗｉｄｔｈ ①', 'full-width-1'],
    ['코딩 🐍 모임 🎉', '코딩-모임'],
    ['Café Crème', 'café-crème'],
    ['日本語 チャット', '日本語-チャット'],
    ['2026년 회고', '2026년-회고'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('falls back when nothing sluggable is left', () => {
    expect(slugify('🐍🎉!!!')).toBe(FALLBACK_SLUG);
    expect(slugify('   ')).toBe(FALLBACK_SLUG);
    expect(slugify('---')).toBe(FALLBACK_SLUG);
  });

  it('keeps only URL-safe characters: letters, digits and single inner hyphens', () => {
    const slug = slugify(`"<script>alert('x')</script>" ?#%&=+ 방`);
    expect(slug).toMatch(/^[\p{L}\p{M}\p{N}]+(-[\p{L}\p{M}\p{N}]+)*$/u);
    expect(slug).toBe('scriptalertx-script-방');
  });

  it('cuts long names without leaving a trailing hyphen', () => {
    const slug = slugify(`${'가'.repeat(SLUG_BASE_MAX_LENGTH - 1)} 나다라`);
    expect([...slug]).toHaveLength(SLUG_BASE_MAX_LENGTH - 1);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('withSuffix', () => {
  it('appends the suffix', () => {
    expect(withSuffix('파이썬-스터디', 2)).toBe('파이썬-스터디-2');
    expect(withSuffix('room', 'ab12cd')).toBe('room-ab12cd');
  });

  it('always fits the column', () => {
    const slug = withSuffix('가'.repeat(SLUG_COLUMN_LENGTH), 12345);
    expect([...slug]).toHaveLength(SLUG_COLUMN_LENGTH);
    expect(slug.endsWith('-12345')).toBe(true);
  });
});

describe('nextNumericSuffix', () => {
  it('starts at 2 and follows the highest taken number', () => {
    expect(nextNumericSuffix('a', [])).toBe(2);
    expect(nextNumericSuffix('a', ['a'])).toBe(2);
    expect(nextNumericSuffix('a', ['a', 'a-2', 'a-3'])).toBe(4);
    expect(nextNumericSuffix('a', ['a-9', 'a-10', 'a-2'])).toBe(11);
  });

  it('ignores slugs that only look alike', () => {
    expect(nextNumericSuffix('a', ['a-b-7', 'a-x2', 'ab-5', 'a-3-4'])).toBe(2);
    expect(nextNumericSuffix('파이썬', ['파이썬-스터디-9', '파이썬-4'])).toBe(5);
  });
});

describe('randomSuffix', () => {
  it('is six lowercase letters or digits, different each time', () => {
    const suffixes = new Set(Array.from({ length: 50 }, randomSuffix));
    for (const suffix of suffixes) expect(suffix).toMatch(/^[a-z0-9]{6}$/);
    expect(suffixes.size).toBeGreaterThan(45);
  });
});
