/** A value passed back as an error (callback APIs type it unknown) as an Error. */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'unknown error'));
}
