import type { Config } from '../config/config.js';
import { createDiskStore } from './disk-store.js';
import type { MediaStore } from './media-store.js';
import { createS3Store } from './s3-store.js';

/** The store MEDIA_STORAGE names: the local disk under MEDIA_ROOT, or the S3 bucket. */
export function createMediaStore(media: Config['media']): MediaStore {
  return media.storage.driver === 's3' ? createS3Store(media.storage) : createDiskStore({ root: media.root });
}
