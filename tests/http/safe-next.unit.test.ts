import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/http/safe-next.js';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/rooms/파이썬-스터디/?a=1#bottom', '/rooms/%ED%8C%8C%EC%9D%B4%EC%8D%AC-%EC%8A%A4%ED%84%B0%EB%94%94/?a=1#bottom'],
    ['/a/../b', '/b'],
  ])('keeps the site path %s', (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example',
    'javascript:alert(1)', 'evil.example', '', undefined, 42, ['/'], '/'.padEnd(3000, 'a'),
  ])('turns %o into the fallback', (value) => {
    expect(safeNextPath(value, '/home')).toBe('/home');
  });
});
