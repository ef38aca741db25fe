import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { unsignSessionCookie } from './ceiling-server.js';
import { cpuTicksOfStat, LatencyHistogram } from './measure.js';
import { rampRates } from './ramp.js';

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

describe('measurements', () => {
  it('reads utime + stime from /proc/<pid>/stat, whatever the command name holds', () => {
    const stat = '1234 (tsx (x) y) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 100 1000 200';
    expect(cpuTicksOfStat(stat)).toBe(325);
  });

  it('gives percentiles to the bucket (0.05 ms)', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms += 1) histogram.record(ms);
    expect(histogram.percentile(50)).toBeCloseTo(50.05, 5);
    expect(histogram.percentile(99)).toBeCloseTo(99.05, 5);
    expect(histogram.max).toBe(100);
    histogram.record(60_000);
    expect(histogram.percentile(100)).toBe(60_000);
  });

  it('ramps by a step or a percentage, and always measures the target load', () => {
    expect(rampRates(100, '100', 700, 100)).toEqual([100, 200, 300, 400, 500, 600, 640, 700]);
    expect(rampRates(100, '100', 500, 1000)).toEqual([100, 200, 300, 400, 500]);
    expect(rampRates(100, '25%', 700, 100)).toEqual([100, 125, 156, 195, 244, 305, 381, 476, 595, 640]);
    expect(() => rampRates(100, 'fast', 500, 100)).toThrow(/rate-step/);
  });
});
