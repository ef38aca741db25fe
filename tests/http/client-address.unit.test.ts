import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddressKey, requestAddress } from '../../src/http/client-address.js';

describe('clientAddressKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:203.0.113.9', '203.0.113.9'],
    ['::ffff:cb00:7109', '203.0.113.9'],
    ['0:0:0:0:0:ffff:203.0.113.9', '203.0.113.9'],
  ])('keys the IPv4 client %s as %s', (ip, key) => {
    expect(clientAddressKey(ip)).toBe(key);
  });

  it.each([
    ['2001:db8::1', '2001:0db8:0000:0000::/64'],
    ['2001:db8:0:0:ffff:ffff:ffff:ffff', '2001:0db8:0000:0000::/64'],
    ['2001:DB8:a:b:1:2:3:4', '2001:0db8:000a:000b::/64'],
    ['2001:db8:a:b::', '2001:0db8:000a:000b::/64'],
    ['::1', '0000:0000:0000:0000::/64'],
    ['fe80::1%eth0', 'fe80:0000:0000:0000::/64'],
    ['64:ff9b::203.0.113.9', '0064:ff9b:0000:0000::/64'],
  ])('keys the IPv6 client %s on its /64 (%s)', (ip, key) => {
    expect(clientAddressKey(ip)).toBe(key);
  });

  it('gives every address of one /64 the same key, and other /64s other keys', () => {
    const keys = new Set(['2001:db8:1:2::1', '2001:db8:1:2:abcd::9', '2001:0db8:0001:0002:ffff:ffff:ffff:fffe'].map(clientAddressKey));
    expect(keys.size).toBe(1);
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(clientAddressKey('2001:db8:1:2::1'));
  });

  it.each([undefined, '', 'not-an-ip', '1.2.3.256', '2001:db8::g'])('keys a missing or malformed address %o as unknown', (ip) => {
    expect(clientAddressKey(ip)).toBe('unknown');
  });
});

describe('requestAddress (a request Express never saw: the WebSocket upgrade)', () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(requestAddress(request('10.0.0.5', '198.51.100.1'), 0)).toBe('10.0.0.5');
  });

  it('reads X-Forwarded-For from the right, one entry per trusted hop, like req.ip', () => {
    // The client may write anything on the left; the trusted proxy appends the real peer.
    expect(requestAddress(request('10.0.0.5', '1.1.1.1, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(requestAddress(request('10.0.0.5', '1.1.1.1, 198.51.100.7, 10.0.0.4'), 2)).toBe('198.51.100.7');
    expect(clientAddressKey(requestAddress(request('10.0.0.5', '2001:db8:1:2::99'), 1))).toBe('2001:0db8:0001:0002::/64');
    // Fewer entries than hops: the leftmost one, as Express does.
    expect(requestAddress(request('10.0.0.5', '198.51.100.7'), 3)).toBe('198.51.100.7');
    // No header at all: the peer.
    expect(requestAddress(request('10.0.0.5'), 1)).toBe('10.0.0.5');
  });
});
