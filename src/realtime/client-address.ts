import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The client's address as a rate-limit key, read like Express's `req.ip`: the socket's
 * peer, or, behind `trustProxyHops` trusted proxies, the X-Forwarded-For entry that many
 * hops from the right (what the outermost trusted proxy saw; entries further left are the
 * client's to invent). IPv4 stays as it is; IPv6 counts by its /64 prefix, because one
 * subscriber usually holds a whole /64 and could rotate through it.
 */
export function clientAddressKey(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? '';
  const chain = [peer, ...forwardedFor(req.headers['x-forwarded-for']).reverse()];
  return addressKey(chain[Math.min(trustProxyHops, chain.length - 1)] ?? peer);
}

function forwardedFor(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function addressKey(raw: string): string {
  const address = raw.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIP(address) === 6) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  // IPv4, or whatever a trusted proxy wrote: used as it is, like req.ip.
  return address.slice(0, 100);
}

/** The eight groups of an IPv6 address, without leading zeros (`::` expanded, a trailing IPv4 converted). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) => part.split(':').filter((group) => group !== '').flatMap(ipv4AsGroups);
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const zeros = Array.from({ length: 8 - front.length - back.length }, () => '0');
  return [...front, ...zeros, ...back].map((group) => Number.parseInt(group, 16).toString(16));
}

function ipv4AsGroups(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
