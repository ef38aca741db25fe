import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { unsignSessionCookie } from './ceiling-server.js';

// The benchmark's own arithmetic: if these are wrong, every figure it prints is.

describe('the ceiling server reads the session cookie as express-session writes it', () => {
  // cookie-signature is what express-session signs with.
  const { sign } = createRequire(import.meta.url)('cookie-signature') as { sign: (value: string, secret: string) => string };
  const secret = 'bench-session-secret-that-is-long-enough';

  it('accepts a cookie signed with the secret and returns the session id', () => {
    expect(unsignSessionCookie(`s:${sign('abc-DEF_123', secret)}`, secret)).toBe('abc-DEF_123');
  });

  it('refuses another secret, a tampered id, and an unsigned value', () => {
    const signed = sign('session-id', secret);
    expect(unsignSessionCookie(`s:${signed}`, 'another-secret-that-is-long-enough-too')).toBeNull();
    expect(unsignSessionCookie(`s:x${signed}`, secret)).toBeNull();
    expect(unsignSessionCookie(signed, secret)).toBeNull();
    const mac = createHmac('sha256', secret).update('session-id').digest('base64');
    expect(unsignSessionCookie(`s:session-id.${mac}`, secret)).toBeNull(); // with the = padding kept
  });
});
