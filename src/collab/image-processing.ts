import sharp, { type Metadata, type Sharp } from 'sharp';
import type { UploadLimits } from '../config/config.js';
import type { AppError } from '../errors/app-error.js';
import { appError } from '../errors/catalogue.js';

/** The display image fits in this box; larger ones are scaled down. */
const DISPLAY_EDGE = 2048;
/** The timeline's variant: small enough for a page of them, sharp on a phone's screen. */
const THUMBNAIL_EDGE = 480;
/** Encoding one upload may take this long before it is refused (a bomb that slipped past the budget). */
const ENCODE_TIMEOUT_SECONDS = 20;

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

/** One stored variant: WebP bytes and the size of a frame. */
export interface ImageVariant {
  bytes: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  display: ImageVariant;
  thumbnail: ImageVariant;
  /** More than one frame: both variants are animated WebP. */
  animated: boolean;
}

/**
 * Checks an upload by its bytes and re-encodes it as two WebP variants, the display image
 * (≤ 2048 px) and the thumbnail (≤ 480 px): metadata (EXIF, GPS) is dropped, orientation
 * applied. Animated GIF and WebP stay animated, within a budget read from the header
 * before anything is decoded: at most `maxFrames` frames and `maxPixels` pixels over all
 * frames, since decoding holds every frame in memory at once.
 */
export async function processImage(bytes: Buffer, limits: Pick<UploadLimits, 'maxPixels' | 'maxFrames'>): Promise<ProcessedImage> {
  const kind = sniffImage(bytes);
  if (!kind) throw appError('UNSUPPORTED_IMAGE');
  const { frames } = await checkHeader(bytes, kind, limits);
  const animated = frames > 1;
  const source = sharp(bytes, { animated, limitInputPixels: limits.maxPixels, failOn: 'error' }).timeout({ seconds: ENCODE_TIMEOUT_SECONDS });
  // Only a still image carries an orientation to apply; sharp cannot rotate animations.
  if (!animated) source.rotate();
  try {
    const [display, thumbnail] = await Promise.all([variant(source, DISPLAY_EDGE), variant(source, THUMBNAIL_EDGE)]);
    return { display, thumbnail, animated };
  } catch (error) {
    throw imageError(error);
  }
}

/** Reads the header only: the format must match the magic bytes, the size fit the budget. */
async function checkHeader(bytes: Buffer, kind: ImageKind, { maxPixels, maxFrames }: Pick<UploadLimits, 'maxPixels' | 'maxFrames'>) {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
  } catch (error) {
    throw imageError(error);
  }
  if (metadata.format !== kind) throw appError('UNSUPPORTED_IMAGE');
  const frames = metadata.pages ?? 1;
  if (frames > maxFrames) throw appError('TOO_MANY_FRAMES', { max: maxFrames });
  if (metadata.width * (metadata.pageHeight ?? metadata.height) * frames > maxPixels) throw appError('IMAGE_TOO_LARGE');
  return { frames };
}

async function variant(source: Sharp, edge: number): Promise<ImageVariant> {
  const { data, info } = await source
    .clone()
    .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  // An animation is one tall strip of frames; a frame is pageHeight high.
  return { bytes: data, width: info.width, height: info.pageHeight ?? info.height };
}

function imageError(error: unknown): AppError {
  const message = error instanceof Error ? error.message : '';
  // sharp's pixel limit, or the encoder's time limit: too much image either way.
  return appError(/pixel limit|timeout/i.test(message) ? 'IMAGE_TOO_LARGE' : 'UNSUPPORTED_IMAGE');
}
