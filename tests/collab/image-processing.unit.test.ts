import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { reencodeImage, sniffImage } from '../../src/collab/image-processing.js';

const solid = (format: 'png' | 'jpeg' | 'gif' | 'webp', width = 8, height = 8) =>
  sharp({ create: { width, height, channels: 3, background: '#3b5bdb' } })[format]().toBuffer();

describe('image checks', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('recognises %s by its bytes', async (format) => {
    expect(sniffImage(await solid(format))).toBe(format);
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['HTML', '<!doctype html><script>alert(1)</script>'],
    ['text', 'just text'],
    ['empty', ''],
  ])('recognises no %s', (_name, text) => {
    expect(sniffImage(Buffer.from(text))).toBeNull();
  });

  it('re-encodes to WebP without the metadata, scaled into the size box', async () => {
    const withExif = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#ffffff' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret-location', Artist: 'someone' } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const stored = await reencodeImage(withExif);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 2048, height: 683 });
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('secret-location'))).toBe(false);
  });

  it('refuses a file whose magic bytes and content disagree', async () => {
    const png = await solid('png');
    const truncated = png.subarray(0, 20);
    await expect(reencodeImage(truncated)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
  });

  it('refuses a decompression bomb by its pixel count', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000000' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(reencodeImage(bomb)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 });
  });
});
