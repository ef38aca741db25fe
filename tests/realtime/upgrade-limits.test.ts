import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HttpSession } from '../support/http-session.js';
import { roomSocketUrl, roomWithMembers, useTwoServers } from './helpers.js';

// One trusted proxy in front (its X-Forwarded-For entry is the client), and small limits.
const servers = useTwoServers({ TRUST_PROXY_HOPS: '1', WS_UPGRADE_ADDRESS_RATE_LIMIT: '3', WS_UPGRADE_RATE_LIMIT: '2' });

/** How an upgrade ended: `open`, or the status and Retry-After of the HTTP answer instead. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: 'open' | number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0, ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] } : {}) });
      req.destroy();
    });
    ws.on('open', () => {
      resolve({ status: 'open' });
      ws.close();
    });
    ws.on('error', reject);
  });
}

// Addresses of this run only (Redis is flushed per run).
let octet = randomInt(1, 200);
const nextIpv4 = () => `198.51.${100 + (octet % 50)}.${(octet += 1) % 250}`;
const nextIpv6Prefix = () => `2001:db8:${(octet += 1).toString(16)}:${randomInt(0, 0xffff).toString(16)}`;

describe('upgrades per client address', () => {
  it('refuses the address beyond its limit with 429 and Retry-After, on every process, before the handshake', async () => {
    const { room } = await roomWithMembers(servers.a.url, 0);
    const address = nextIpv4();
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    const urls = [servers.a.url, servers.b.url].map((base) => roomSocketUrl(base, room.slug));
    for (const url of [urls[0]!, urls[1]!, urls[0]!]) expect((await upgrade(url, from(address))).status).toBe('open');

    for (const url of urls) {
      const refused = await upgrade(url, from(address));
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    }
    expect((await upgrade(urls[1]!, from(nextIpv4()))).status).toBe('open');
  });

  it('reads the address the trusted proxy saw, not what the client wrote further left', async () => {
    const { room } = await roomWithMembers(servers.a.url, 0);
    const url = roomSocketUrl(servers.a.url, room.slug);
    const address = nextIpv4();
    for (let i = 0; i < 3; i += 1) expect((await upgrade(url, { 'X-Forwarded-For': `${nextIpv4()}, ${address}` })).status).toBe('open');
    expect((await upgrade(url, { 'X-Forwarded-For': `${nextIpv4()}, ${address}` })).status).toBe(429);
  });

  it('counts IPv6 clients by their /64', async () => {
    const { room } = await roomWithMembers(servers.a.url, 0);
    const url = roomSocketUrl(servers.b.url, room.slug);
    const prefix = nextIpv6Prefix();
    for (const address of [`${prefix}::1`, `${prefix}::2`, `${prefix}:abcd:1234:5678:9`]) {
      expect((await upgrade(url, { 'X-Forwarded-For': address })).status).toBe('open');
    }
    expect((await upgrade(url, { 'X-Forwarded-For': `${prefix}::ffff` })).status).toBe(429);
    expect((await upgrade(url, { 'X-Forwarded-For': `${nextIpv6Prefix()}::1` })).status).toBe('open');
  });
});

describe('upgrades per user', () => {
  it('refuses a signed-in user beyond their limit from any address and process; other users go on', async () => {
    const { owner, room, members: [guest] } = await roomWithMembers(servers.a.url, 1);
    const as = (session: HttpSession) => ({ Cookie: session.cookie, 'X-Forwarded-For': nextIpv4() });
    const urls = [servers.a.url, servers.b.url].map((base) => roomSocketUrl(base, room.slug));
    expect((await upgrade(urls[0]!, as(owner))).status).toBe('open');
    expect((await upgrade(urls[1]!, as(owner))).status).toBe('open');
    for (const url of urls) {
      const refused = await upgrade(url, as(owner));
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect((await upgrade(urls[0]!, as(guest!))).status).toBe('open');
  });
});
