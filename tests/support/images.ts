import sharp from 'sharp';

// Real image files made in the tests: still images in every accepted format, and
// animations (GIF, WebP) of solid-coloured frames.

export type StillFormat = 'png' | 'jpeg' | 'gif' | 'webp';

/** A solid image of this size in this format. */
export const solidImage = (format: StillFormat, width = 8, height = 8, background = '#3b5bdb') =>
  sharp({ create: { width, height, channels: 3, background } })[format]().toBuffer();

const FRAME_COLOURS = ['#e03131', '#2f9e44', '#1971c2', '#f08c00'];

/** An animation of `frames` frames of width × height, 100 ms each, looping forever. */
export async function animatedImage(format: 'gif' | 'webp', { width = 60, height = 40, frames = 3 } = {}): Promise<Buffer> {
  const pictures = await Promise.all(
    Array.from({ length: frames }, (_, index) => sharp({ create: { width, height, channels: 4, background: FRAME_COLOURS[index % FRAME_COLOURS.length] ?? '#000' } }).png().toBuffer()),
  );
  const joined = sharp(pictures, { join: { animated: true } });
  const delay = Array.from({ length: frames }, () => 100);
  return format === 'gif' ? joined.gif({ delay, loop: 0 }).toBuffer() : joined.webp({ delay, loop: 0 }).toBuffer();
}

/** What sharp reads of stored bytes, every frame counted. */
export const describeImage = (bytes: Buffer) => sharp(bytes, { animated: true }).metadata();
