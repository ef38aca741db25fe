const BASE = 'http://codingline.invalid';

/**
 * A `next` redirect target limited to paths on this site: "/rooms/x/?a=1" passes;
 * "https://evil.example", "//evil.example", "/\\evil.example" and anything else become "/".
 *
 * Both the value given and the value returned are checked: URL normalisation resolves
 * dot segments, so "/.//evil.example" or "/%2e//evil.example" come out as
 * "//evil.example", which a browser reads as another host.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000 || !isSitePath(value)) return fallback;
  try {
    const parsed = new URL(value, BASE);
    if (parsed.origin !== BASE) return fallback;
    const path = parsed.pathname + parsed.search + parsed.hash;
    return isSitePath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/**
 * A path a browser resolves on this site: one leading "/", never "//" or "/\\" (both
 * mean "another host"), and no backslash or control character anywhere (browsers turn
 * "\\" into "/" and strip tabs and newlines, so "/\t/x" would become "//x").
 */
function isSitePath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  return !/[\u0000-\u001f\u007f\\]/.test(path);
}
