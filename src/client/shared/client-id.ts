/**
 * A random UUID (v4) for a message's `client_id`. Built from `crypto.getRandomValues`,
 * which every browser has on any page: `crypto.randomUUID` exists only in secure contexts,
 * so on plain HTTP other than localhost it is missing and sending would throw.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
