import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage, sniffImage } from '../../src/collab/image-processing.js';
import { animatedImage, describeImage, solidImage } from '../support/images.js';

const limits = { maxPixels: 40_000_000, maxFrames: 300 };

describe('image checks', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('recognises %s by its bytes', async (format) => {
    expect(sniffImage(await solidImage(format))).toBe(format);
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
    const { display, thumbnail } = await processImage(withExif, limits);
    const meta = await sharp(display.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 2048, height: 683 });
    expect(display).toMatchObject({ width: 2048, height: 683 });
    expect(meta.exif).toBeUndefined();
    for (const variant of [display, thumbnail]) expect(variant.bytes.includes(Buffer.from('secret-location'))).toBe(false);
  });

  it('refuses a file whose magic bytes and content disagree', async () => {
    const png = await solidImage('png');
    const truncated = png.subarray(0, 20);
    await expect(processImage(truncated, limits)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
  });

  it('refuses a decompression bomb by its pixel count', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000000' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(processImage(bomb, limits)).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 });
  });
});

describe('variants', () => {
  it.each([
    ['png', 1200, 900, { width: 1200, height: 900 }, { width: 480, height: 360 }],
    ['jpeg', 3000, 1000, { width: 2048, height: 683 }, { width: 480, height: 160 }],
    ['gif', 300, 600, { width: 300, height: 600 }, { width: 240, height: 480 }],
    ['webp', 100, 50, { width: 100, height: 50 }, { width: 100, height: 50 }],
  ] as const)('makes a %s of %ix%i into a display WebP and a thumbnail of the right size', async (format, width, height, display, thumbnail) => {
    const processed = await processImage(await solidImage(format, width, height), limits);
    expect(processed.animated).toBe(false);
    expect(processed.display).toMatchObject(display);
    expect(processed.thumbnail).toMatchObject(thumbnail);
    for (const [variant, size] of [[processed.display, display], [processed.thumbnail, thumbnail]] as const) {
      const stored = await describeImage(variant.bytes);
      expect(stored).toMatchObject({ format: 'webp', ...size });
      // A still image: one frame (sharp leaves `pages` out for a still WebP).
      expect(stored.pages ?? 1).toBe(1);
    }
  });

  it.each(['gif', 'webp'] as const)('keeps an animated %s animated in both variants, frames and timing intact', async (format) => {
    const processed = await processImage(await animatedImage(format, { width: 960, height: 540, frames: 4 }), limits);
    expect(processed.animated).toBe(true);
    expect(processed.display).toMatchObject({ width: 960, height: 540 });
    expect(processed.thumbnail).toMatchObject({ width: 480, height: 270 });
    const display = await describeImage(processed.display.bytes);
    expect(display).toMatchObject({ format: 'webp', width: 960, pages: 4, pageHeight: 540, loop: 0, delay: [100, 100, 100, 100] });
    const thumbnail = await describeImage(processed.thumbnail.bytes);
    expect(thumbnail).toMatchObject({ format: 'webp', width: 480, pages: 4, pageHeight: 270 });
  });

  it('refuses an animation with more frames than the budget, before decoding it', async () => {
    const gif = await animatedImage('gif', { width: 8, height: 8, frames: 6 });
    await expect(processImage(gif, { ...limits, maxFrames: 5 })).rejects.toMatchObject({ code: 'TOO_MANY_FRAMES', status: 413 });
  });

  it('counts every frame against the pixel budget: small frames, too many pixels in all', async () => {
    const gif = await animatedImage('gif', { width: 100, height: 100, frames: 4 });
    // One frame (10,000 px) fits; four (40,000 px) do not.
    await expect(processImage(gif, { ...limits, maxPixels: 30_000 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 });
    await expect(processImage(gif, { ...limits, maxPixels: 40_000 })).resolves.toMatchObject({ animated: true });
  });
});
