import sharp from 'sharp';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Decoding is refused past this many pixels (a small file can declare a huge canvas). */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Stored images fit in this box; larger ones are scaled down. */
const MAX_EDGE = 2048;

type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

/** Magic bytes of the formats we accept; SVG, HTML and everything else match none. */
const SIGNATURES: { kind: ImageKind; test: (bytes: Buffer) => boolean }[] = [
  { kind: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { kind: 'jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { kind: 'gif', test: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { kind: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The accepted format of these bytes, by content (never by file name or declared type). */
export function sniffImage(bytes: Buffer): ImageKind | null {
  return SIGNATURES.find((signature) => signature.test(bytes))?.kind ?? null;
}

/**
 * Checks an upload by its bytes and re-encodes it as WebP: metadata (EXIF, GPS) is
 * dropped, orientation applied, size bounded. Whatever the input claimed, what is stored
 * is an image sharp itself wrote.
 */
export async function reencodeImage(bytes: Buffer): Promise<Buffer> {
  const kind = sniffImage(bytes);
  if (!kind) throw appError('UNSUPPORTED_IMAGE');
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  let format: string | undefined;
  try {
    ({ format } = await image.metadata());
  } catch (error) {
    throw imageError(error);
  }
  if (format !== kind) throw appError('UNSUPPORTED_IMAGE');
  try {
    return await image
      .rotate()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    throw imageError(error);
  }
}

function imageError(error: unknown): AppError {
  const message = error instanceof Error ? error.message : '';
  return appError(/pixel limit/i.test(message) ? 'IMAGE_TOO_LARGE' : 'UNSUPPORTED_IMAGE');
}
