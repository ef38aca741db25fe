/**
 * Whether a push subscription's endpoint is on one of the configured push services
 * (`origins`: `https://fcm.googleapis.com`, `https://*.notify.windows.com`). The server
 * POSTs to stored endpoints, so nothing else may be stored: no internal address, no other
 * scheme or port.
 */
export function isPushServiceEndpoint(origins: readonly string[], endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return origins.some((allowed) => {
    if (!allowed.includes('://*.')) return url.origin === allowed;
    const [scheme, suffix] = allowed.split('://*.') as [string, string];
    return `${url.protocol}//` === `${scheme}://` && url.host.endsWith(`.${suffix}`);
  });
}
