import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/logging/redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['redis://:s3cret@127.0.0.1:6379/15', 'redis://:***@127.0.0.1:6379/15'],
    ['rediss://default:s3cret@cache.example.com:6380', 'rediss://default:***@cache.example.com:6380'],
    ['redis://127.0.0.1:6379?password=s3cret&db=2', 'redis://127.0.0.1:6379?password=***&db=2'],
    ['mysql://codingline:s3cret@127.0.0.1:3306/codingline', 'mysql://codingline:***@127.0.0.1:3306/codingline'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['redis://user@127.0.0.1:6379', 'redis://user@127.0.0.1:6379'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('drops the whole user-info of something that is not a URL', () => {
    expect(redactUrl('//user:s3cret@host:6379 ?password=s3cret')).toBe('//***@host:6379 ?password=***');
  });
});
