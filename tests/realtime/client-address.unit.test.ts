import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../src/realtime/client-address.js';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddressKey', () => {
  it('keeps IPv4 as it is, including an IPv4-mapped IPv6 peer', () => {
    expect(clientAddressKey(request('203.0.113.9'), 0)).toBe('203.0.113.9');
    expect(clientAddressKey(request('::ffff:203.0.113.9'), 0)).toBe('203.0.113.9');
  });

  it('counts IPv6 by its /64 prefix, however the address is written', () => {
    const key = '2001:db8:aa:bb::/64';
    expect(clientAddressKey(request('2001:db8:aa:bb::1'), 0)).toBe(key);
    expect(clientAddressKey(request('2001:0DB8:00aa:00bb:1234:5678:9abc:def0'), 0)).toBe(key);
    expect(clientAddressKey(request('2001:db8:aa:bb:ffff::7%eth0'), 0)).toBe(key);
    expect(clientAddressKey(request('2001:db8:aa:cc::1'), 0)).toBe('2001:db8:aa:cc::/64');
    expect(clientAddressKey(request('::1'), 0)).toBe('0:0:0:0::/64');
    expect(clientAddressKey(request('64:ff9b::192.0.2.33'), 0)).toBe('64:ff9b:0:0::/64');
  });

  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddressKey(request('10.0.0.5', '198.51.100.1'), 0)).toBe('10.0.0.5');
  });

  it('reads X-Forwarded-For from the right, one entry per trusted hop, like req.ip', () => {
    // The client may write anything on the left; the trusted proxy appends the real peer.
    expect(clientAddressKey(request('10.0.0.5', '1.1.1.1, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddressKey(request('10.0.0.5', '1.1.1.1, 198.51.100.7, 10.0.0.4'), 2)).toBe('198.51.100.7');
    expect(clientAddressKey(request('10.0.0.5', '2001:db8:1:2::99'), 1)).toBe('2001:db8:1:2::/64');
    // Fewer entries than hops: the leftmost one, as Express does.
    expect(clientAddressKey(request('10.0.0.5', '198.51.100.7'), 3)).toBe('198.51.100.7');
    // No header at all: the peer.
    expect(clientAddressKey(request('10.0.0.5'), 1)).toBe('10.0.0.5');
  });
});
