import { describe, expect, it } from 'vitest';
import { clockTime, continuesGroup, dayKey, dayLabel, listTime } from '../../src/messages/timeline-days.js';

const at = (text: string) => new Date(text);

describe('dayLabel', () => {
  const now = at('2026-11-29T15:00:00');
  it('says 오늘 and 어제 for the last two local days, else the full date', () => {
    expect(dayLabel(at('2026-11-29T00:00:01'), now)).toBe('오늘');
    expect(dayLabel(at('2026-11-28T23:59:59'), now)).toBe('어제');
    expect(dayLabel(at('2026-11-27T12:00:00'), now)).toBe('2026년 11월 27일');
    expect(dayLabel(at('2025-12-31T12:00:00'), at('2026-01-01T09:00:00'))).toBe('어제');
  });
  it('keys one local day alike', () => {
    expect(dayKey(at('2026-11-29T00:00:00'))).toBe(dayKey(at('2026-11-29T23:59:59')));
    expect(dayKey(at('2026-11-29T23:59:59'))).not.toBe(dayKey(at('2026-11-30T00:00:00')));
  });
});

describe('clockTime and listTime', () => {
  const now = at('2026-11-29T15:00:00');
  it('reads the clock as 오전/오후 h:mm', () => {
    expect(clockTime(at('2026-11-29T00:05:00'))).toBe('오전 12:05');
    expect(clockTime(at('2026-11-29T11:59:00'))).toBe('오전 11:59');
    expect(clockTime(at('2026-11-29T12:00:00'))).toBe('오후 12:00');
    expect(clockTime(at('2026-11-29T15:12:00'))).toBe('오후 3:12');
  });
  it('shows the time today, 어제, the month and day this year, else the full date', () => {
    expect(listTime(at('2026-11-29T15:12:00'), now)).toBe('오후 3:12');
    expect(listTime(at('2026-11-28T23:59:00'), now)).toBe('어제');
    expect(listTime(at('2026-11-27T09:00:00'), now)).toBe('11월 27일');
    expect(listTime(at('2025-11-27T09:00:00'), now)).toBe('2025년 11월 27일');
  });
});

describe('continuesGroup', () => {
  const first = { authorId: 1, ts: at('2026-11-29T15:07:05') };
  it('groups one author within one minute', () => {
    expect(continuesGroup(first, { authorId: 1, ts: at('2026-11-29T15:07:59') })).toBe(true);
  });
  it('starts a new group for another author or another minute', () => {
    expect(continuesGroup(first, { authorId: 2, ts: at('2026-11-29T15:07:10') })).toBe(false);
    expect(continuesGroup(first, { authorId: 1, ts: at('2026-11-29T15:08:00') })).toBe(false);
  });
});
