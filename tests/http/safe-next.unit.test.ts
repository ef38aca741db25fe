import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/http/safe-next.js';

const SITE = 'https://codingline.example';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/rooms/파이썬-스터디/?a=1#bottom', '/rooms/%ED%8C%8C%EC%9D%B4%EC%8D%AC-%EC%8A%A4%ED%84%B0%EB%94%94/?a=1#bottom'],
    ['/a/../b', '/b'],
    // Encoded backslashes stay encoded: a browser reads them as part of a path on this site.
    ['/%5c%5cevil.example', '/%5c%5cevil.example'],
    ['/%5C/evil.example', '/%5C/evil.example'],
  ])('keeps the site path %s', (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example',
    'javascript:alert(1)', 'evil.example', '', undefined, 42, ['/'], '/'.padEnd(3000, 'a'),
  ])('turns %o into the fallback', (value) => {
    expect(safeNextPath(value, '/home')).toBe('/home');
  });

  // Each of these passes a check of the input alone, but URL normalisation (dot
  // segments, percent-encoded dots, backslashes) turns it into "//evil.example".
  it.each([
    '/.//evil.example',
    '/a/..//evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/x/%2E%2e//evil.example',
    '/%2e%2e/%2e%2e//evil.example',
    '/./\\evil.example',
    '/.\\\\evil.example',
    '/a/../\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
  ])('refuses %s, which normalises to another host', (value) => {
    expect(safeNextPath(value, '/home')).toBe('/home');
  });

  it.each([
    '/.//evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example', '/%5c%5cevil.example',
    '/%5C%5C/evil.example', '/.%2f/evil.example', '/%2f%2fevil.example', '/.\\\\evil.example', '/ /evil.example', '/?//evil.example',
  ])('never returns a target a browser resolves off the site (%s)', (value) => {
    const target = safeNextPath(value);
    expect(target.startsWith('/')).toBe(true);
    expect(target.startsWith('//')).toBe(false);
    expect(new URL(target, SITE).origin).toBe(SITE);
  });
});
