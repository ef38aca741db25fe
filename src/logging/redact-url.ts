/**
 * A connection URL fit for a log line: its password, and any query parameter that
 * carries one (ioredis also reads `?password=`), replaced by `***`. Anything that does not
 * parse as a URL loses its whole user-info part, so a malformed URL cannot leak either.
 */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|token|auth/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return value.replace(/\/\/[^/@]*@/, '//***@').replace(/([?&][^=&]*(?:pass|secret|token|auth)[^=&]*=)[^&]*/gi, '$1***');
  }
}
