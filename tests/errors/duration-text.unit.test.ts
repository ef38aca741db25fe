import { describe, expect, it } from 'vitest';
import { durationText } from '../../src/errors/duration-text.js';

describe('durationText', () => {
  it('says a time left as precisely as it matters, in Korean', () => {
    expect(durationText(0)).toBe('0초');
    expect(durationText(44.2)).toBe('45초');
    expect(durationText(60)).toBe('1분');
    expect(durationText(9 * 60 + 58)).toBe('10분');
    expect(durationText(60 * 60)).toBe('1시간');
    expect(durationText(3 * 3600 + 20 * 60)).toBe('3시간 20분');
    expect(durationText(24 * 3600)).toBe('1일');
    expect(durationText(7 * 24 * 3600 - 30)).toBe('7일');
    expect(durationText(2 * 24 * 3600 + 4 * 3600)).toBe('2일 4시간');
    expect(durationText(-5)).toBe('0초');
  });
});
