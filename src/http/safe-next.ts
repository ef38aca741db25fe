/**
 * A `next` redirect target limited to paths on this site: "/rooms/x/?a=1" passes;
 * "https://evil.example", "//evil.example", "/\\evil.example" and anything else become "/".
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Control characters (tabs, newlines) are stripped by browsers, turning "/\t/x" into "//x".
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const parsed = new URL(value, 'http://codingline.invalid');
    if (parsed.origin !== 'http://codingline.invalid') return fallback;
    return parsed.pathname + parsed.search + parsed.hash;
  } catch {
    return fallback;
  }
}
