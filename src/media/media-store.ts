import type { Readable } from 'node:stream';

/** An object as listed: its key and when it was written. */
export interface StoredEntry {
  key: string;
  lastModified: Date;
}

/** An object opened for reading: its bytes as a stream, and what a conditional request needs. */
export interface OpenedObject {
  body: Readable;
  size: number;
  etag: string;
}

/**
 * Where uploaded files live, by key (`rooms/<roomId>/<name>`): the local disk or an
 * S3-compatible bucket (see disk-store.ts, s3-store.ts). Everything above this interface
 * (uploads, serving, deletion, the sweep) is the same for both.
 */
export interface MediaStore {
  /** Writes new bytes under a key no other object has (keys are random). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /**
   * The object's bytes; 'not-modified' when `ifNoneMatch` is its current ETag (nothing is
   * read); null when there is no such object.
   */
  open(key: string, options?: { ifNoneMatch?: string | undefined }): Promise<OpenedObject | 'not-modified' | null>;
  /** Removes these objects; missing ones are no error. */
  remove(keys: readonly string[]): Promise<void>;
  /** Removes every object under a folder (`rooms/7/`), the folder itself where there is one. */
  removeFolder(prefix: string): Promise<void>;
  /** Every object under `prefix` (a folder: `rooms/7/`, or `` for all), in pages, never all keys at once. */
  list(prefix: string): AsyncIterable<StoredEntry[]>;
  /** Releases connections (the S3 client's sockets). */
  close(): void;
}
