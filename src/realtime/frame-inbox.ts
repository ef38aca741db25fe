import { TokenBucket } from './token-bucket.js';

export interface FrameInboxOptions<F> {
  /** Frames received but not yet handled; one more closes the socket (a flood, not a burst). */
  maxQueued: number;
  /** Frames handled per second, and how many may be saved up for a burst. */
  ratePerSecond: number;
  burst: number;
  /** Handles one frame; frames are handled one at a time, in order. */
  handle: (frame: F) => Promise<void>;
  /** A handler failed (the caller logs it and answers the socket). */
  onError: (error: unknown) => void;
  /** Frames were dropped for the rate; called at most once per `noticeIntervalMs`. */
  onRateLimited: () => void;
  /** The queue overflowed: waiting frames were discarded and later ones are ignored; close the socket. */
  onOverflow: () => void;
  noticeIntervalMs?: number;
  now?: () => number;
}

/**
 * One socket's incoming frames: a bounded queue handled one frame at a time (a user's
 * messages are stored, and so numbered, in the order sent). Each frame first takes a token
 * from the socket's own bucket, before anything reaches Redis or the database; without a
 * token it is dropped. A client that sends faster than frames are handled fills the queue
 * and is cut off, so a flood costs a bounded amount of memory.
 */
export class FrameInbox<F> {
  private readonly waiting: F[] = [];
  private readonly bucket: TokenBucket;
  private readonly now: () => number;
  private started = false;
  private draining = false;
  private stopped = false;
  private lastNoticeAt = -Infinity;

  constructor(private readonly options: FrameInboxOptions<F>) {
    this.now = options.now ?? Date.now;
    this.bucket = new TokenBucket(options.ratePerSecond, options.burst, this.now);
  }

  push(frame: F): void {
    if (this.stopped) return;
    if (this.waiting.length >= this.options.maxQueued) {
      this.stop();
      this.options.onOverflow();
      return;
    }
    this.waiting.push(frame);
    this.drain();
  }

  /** Frames wait until the socket is set up; from here on they are handled. */
  start(): void {
    this.started = true;
    this.drain();
  }

  /** Discards waiting frames and ignores later ones. */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
  }

  /** Stopped: a frame still being handled should not go on to store anything. */
  get isStopped(): boolean {
    return this.stopped;
  }

  private drain(): void {
    if (!this.started || this.draining || this.stopped) return;
    this.draining = true;
    void this.handleWaiting();
  }

  private async handleWaiting(): Promise<void> {
    try {
      while (this.waiting.length > 0 && !this.stopped) {
        const frame = this.waiting.shift() as F;
        if (!this.bucket.take()) {
          this.dropped();
          continue;
        }
        await this.options.handle(frame).catch(this.options.onError);
      }
    } finally {
      this.draining = false;
    }
  }

  private dropped(): void {
    const now = this.now();
    if (now - this.lastNoticeAt < (this.options.noticeIntervalMs ?? 1000)) return;
    this.lastNoticeAt = now;
    this.options.onRateLimited();
  }
}
