import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../config/config.js';
import type { MediaStore, StoredEntry } from './media-store.js';

/** DeleteObjects takes at most this many keys; ListObjectsV2 answers at most this many. */
const S3_BATCH = 1000;

/**
 * Objects in an S3-compatible bucket (AWS S3, Cloudflare R2, NCP Object Storage, MinIO)
 * through the official AWS SDK. Checksums are sent only where S3 requires them: the
 * SDK's newer default (a CRC32 on every upload) is refused by some compatible stores.
 * `pageSize` exists for tests of paging.
 */
export function createS3Store(config: S3Config, { pageSize = S3_BATCH }: { pageSize?: number } = {}): MediaStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint === null ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === null ? {} : { credentials: config.credentials }),
  });
  const Bucket = config.bucket;

  async function remove(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += S3_BATCH) {
      const Objects = keys.slice(start, start + S3_BATCH).map((Key) => ({ Key }));
      const answer = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
      const failed = answer.Errors?.[0];
      if (failed) throw new Error(`S3 refused to delete ${failed.Key ?? '?'}: ${failed.Code ?? ''} ${failed.Message ?? ''}`);
    }
  }

  async function* list(prefix: string): AsyncGenerator<StoredEntry[]> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, MaxKeys: pageSize, ContinuationToken }));
      const entries = (page.Contents ?? []).flatMap(({ Key, LastModified }) => (Key && LastModified ? [{ key: Key, lastModified: LastModified }] : []));
      if (entries.length > 0) yield entries;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  return {
    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType }));
    },

    async open(key, { ifNoneMatch } = {}) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key, IfNoneMatch: ifNoneMatch }));
        if (!(object.Body instanceof Readable)) throw new Error('the S3 client answered without a readable body');
        return { body: object.Body, size: object.ContentLength ?? 0, etag: object.ETag ?? '' };
      } catch (error) {
        const status = statusOf(error);
        if (status === 304) return 'not-modified';
        if (status === 404) return null;
        throw error;
      }
    },

    remove,
    list,

    // S3 has no folders: the keys under the prefix go, a page at a time.
    async removeFolder(prefix) {
      for await (const page of list(prefix)) await remove(page.map((entry) => entry.key));
    },

    close() {
      client.destroy();
    },
  };
}

/** The HTTP status of an S3 answer the SDK threw (304 and 404 are expected ones). */
function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}
