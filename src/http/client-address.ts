import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address (`req.ip`, already resolved through the trusted
 * proxy hops): an IPv4 address as is, an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as
 * its IPv4 address, and any other IPv6 address as its /64 prefix
 * (`2001:0db8:0000:0001::/64`). A single IPv6 customer usually holds a whole /64, so
 * keying on the full address would give them 2^64 fresh counters.
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) is not part of the address
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const hextets = expandIPv6(address);
  const mapped = hextets.slice(0, 5).every((part) => part === 0) && hextets[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = hextets.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${hextets.slice(0, 4).map((part) => part.toString(16).padStart(4, '0')).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, "::" and a dotted IPv4 tail expanded. */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  if (tail === undefined) return groups(head);
  const left = groups(head);
  const right = groups(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The client address of a request that never went through Express (the WebSocket
 * upgrade), derived as Express derives `req.ip`: the socket's peer, or, behind
 * `trustProxyHops` trusted proxies, the X-Forwarded-For entry that many hops from the
 * right (what the outermost trusted proxy saw; entries further left are the client's to
 * invent; with fewer entries than hops, the leftmost).
 */
export function requestAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string | undefined {
  const peer = req.socket.remoteAddress;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(trustProxyHops, chain.length - 1)] ?? peer;
}
