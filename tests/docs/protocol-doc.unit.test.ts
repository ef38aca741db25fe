import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { directEventSchema, roomEventSchema, userEventSchema } from '../../src/bus/events.js';
import { ERROR_CATALOGUE } from '../../src/errors/catalogue.js';
import { CLOSE } from '../../src/realtime/close-codes.js';

// docs/protocol.md lists the server events, the close codes and the error codes; these
// tests fail when a list there and its source in the code disagree (an entry missing,
// extra, repeated, or with another HTTP status).

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/protocol.md'), 'utf8');

/** The lines under the heading `## <heading>`, up to the next `## ` heading. */
function section(heading: string): string[] {
  const lines = doc.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start === -1) throw new Error(`docs/protocol.md has no "## ${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The first capture group of `pattern` on every line of a section that matches it. */
const captured = (lines: string[], pattern: RegExp) => lines.flatMap((line) => pattern.exec(line)?.slice(1) ?? []);

const sorted = <T>(values: Iterable<T>) => [...values].sort();

describe('docs/protocol.md', () => {
  it('documents every server event of the schemas under "## Server events", and no other', () => {
    const schemaEvents = [...roomEventSchema.def.options, ...userEventSchema.def.options, ...directEventSchema.def.options].flatMap((option) => option.shape.event.def.values);
    const documented = captured(section('Server events'), /^### `([^`]+)`$/);
    expect(schemaEvents.length).toBeGreaterThan(0);
    expect(sorted(documented)).toEqual(sorted(schemaEvents));
  });

  it('lists every CLOSE code under "## Close codes", and no other', () => {
    const documented = captured(section('Close codes'), /^\|\s*`(\d+)`\s*\|/).map(Number);
    expect(sorted(documented)).toEqual(sorted(Object.values(CLOSE)));
  });

  it('lists every catalogue error code with its HTTP status under "## Error codes"', () => {
    const rows = section('Error codes').flatMap((line) => {
      const match = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|/.exec(line);
      return match ? [[match[1], Number(match[2])] as const] : [];
    });
    expect(sorted(rows.map(([code]) => code))).toEqual(sorted(Object.keys(ERROR_CATALOGUE)));
    const catalogueStatus = Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, { status }]) => [code, status]));
    expect(Object.fromEntries(rows)).toEqual(catalogueStatus);
  });
});
