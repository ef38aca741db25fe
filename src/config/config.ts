import { z } from 'zod';

/** Typed, validated configuration: read once at start-up, then passed around. */
export interface Config {
  env: 'development' | 'production' | 'test';
  http: {
    port: number;
    /**
     * The interface to listen on; null: all of them. 127.0.0.1 unless SESSION_SECRET is
     * set, so the public development secret never serves other machines.
     */
    host: string | null;
    /** Number of reverse-proxy hops whose X-Forwarded-* headers are trusted. */
    trustProxyHops: number;
    /** Extra origins allowed to open WebSockets, besides the request's own. */
    allowedOrigins: string[];
  };
  db: { url: string };
  /** null: single-process mode with in-memory sessions and fan-out. */
  redis: RedisTarget | null;
  /** `developmentSecret`: SESSION_SECRET is unset and the public development value signs cookies. */
  session: { secret: string; developmentSecret: boolean };
  media: {
    /** The disk driver's folder (MEDIA_ROOT). */
    root: string;
    storage: MediaStorageConfig;
    upload: UploadLimits;
  };
  auth: {
    bcryptCost: number;
    kakao: OAuthProviderConfig | null;
    naver: OAuthProviderConfig | null;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  realtime: {
    /** Heartbeat: a socket that does not answer a ping within this interval is dropped. */
    pingIntervalMs: number;
    /** How often open sockets re-check their session (logout elsewhere, expiry). */
    sessionCheckMs: number;
    /** Presence entries expire after this unless refreshed (a dead process's users drop out). */
    presenceTtlMs: number;
    /** Chat messages per user per window, shared by every process. */
    chatRate: Rate;
    /** WebSocket upgrades per client address and per user per window, shared by every process. */
    upgradeRate: { perAddress: number; perUser: number; windowSeconds: number };
  };
  messages: {
    /** How long after sending an author may edit a message. */
    editWindowSeconds: number;
  };
  rooms: {
    /** The largest capacity a room may be created with (2 … this). */
    capacityMax: number;
  };
  /** Expensive or abusable actions, counted per client address (and user) and globally. */
  limits: {
    /** Sign-ups (email and social) per client address per window. */
    signup: Rate;
    /** Rooms created per user and per client address per window. */
    roomCreate: Rate;
  };
}

/** Where Redis is: one server (REDIS_URL), or a Redis Cluster reached through seed nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'cluster'; nodes: RedisNode[]; password: string | null };

export interface RedisNode {
  host: string;
  port: number;
}

/** `limit` actions per `windowSeconds`. */
export interface Rate {
  limit: number;
  windowSeconds: number;
}

/** Where uploaded images live: the local disk (under media.root) or an S3-compatible bucket. */
export type MediaStorageConfig = { driver: 'disk' } | ({ driver: 's3' } & S3Config);

export interface S3Config {
  bucket: string;
  region: string;
  /** null: AWS itself; else the store's URL (R2, NCP Object Storage, MinIO). */
  endpoint: string | null;
  /** Bucket in the path (`host/bucket/key`) rather than the host name; MinIO needs it. */
  forcePathStyle: boolean;
  /** null: the SDK's default chain (AWS_* variables, instance or task role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

export interface UploadLimits {
  /** The largest upload body accepted (413 beyond). */
  maxBytes: number;
  /** Pixels decoded for one image, every frame of an animation counted. */
  maxPixels: number;
  /** Frames an animated GIF or WebP may have. */
  maxFrames: number;
}

export interface OAuthProviderConfig {
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  authBaseUrl: string;
  apiBaseUrl: string;
}

/** Thrown with every problem found, so one start-up run reports them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SESSION_SECRET = 'codingline-development-secret-not-for-production';
/** Below this, bcrypt hashes are cheap enough to guess in bulk; tests use 4 outside production. */
const MIN_PRODUCTION_BCRYPT_COST = 10;

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const httpUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional());

const schema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  HOST: z.preprocess(blankToUndefined, z.string().regex(/^(?:[a-zA-Z0-9.-]+|[0-9a-fA-F:.]+)$/, 'must be a host name or an IP address').optional()),
  PORT: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(8000)),
  TRUST_PROXY_HOPS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(0).max(10).default(0)),
  ALLOWED_ORIGINS: optionalString,
  DATABASE_URL: z.preprocess(blankToUndefined, z.string({ error: 'is required (mysql://user:pass@host:port/db)' })
    .refine(isMysqlUrl, 'must look like mysql://user:pass@host:port/db')),
  REDIS_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL (or empty for in-memory mode)' }).optional()),
  REDIS_CLUSTER_NODES: optionalString,
  REDIS_CLUSTER_PASSWORD: optionalString,
  SESSION_SECRET: optionalString,
  MEDIA_ROOT: z.preprocess(blankToUndefined, z.string().default('media')),
  MEDIA_STORAGE: z.preprocess(blankToUndefined, z.enum(['disk', 's3'], { error: 'must be disk or s3' }).default('disk')),
  S3_BUCKET: optionalString,
  S3_REGION: z.preprocess(blankToUndefined, z.string().default('us-east-1')),
  S3_ENDPOINT: httpUrl,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default('false')),
  UPLOAD_MAX_BYTES: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024)),
  // sharp's own ceiling is 0x3FFF × 0x3FFF pixels.
  UPLOAD_MAX_PIXELS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(0x3fff * 0x3fff).default(40_000_000)),
  UPLOAD_MAX_FRAMES: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(10_000).default(300)),
  BCRYPT_COST: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number' }).int().min(4).max(15).default(12)),
  WS_PING_SECONDS: seconds(30),
  WS_SESSION_CHECK_SECONDS: seconds(30),
  PRESENCE_TTL_SECONDS: seconds(30),
  CHAT_RATE_LIMIT: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(1000).default(10)),
  CHAT_RATE_WINDOW_SECONDS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(3600).default(10)),
  SIGNUP_RATE_LIMIT: count(5),
  SIGNUP_RATE_WINDOW_SECONDS: windowSeconds(3600),
  ROOM_CREATE_RATE_LIMIT: count(10),
  ROOM_CREATE_RATE_WINDOW_SECONDS: windowSeconds(3600),
  WS_UPGRADE_RATE_LIMIT: count(30),
  WS_UPGRADE_ADDRESS_RATE_LIMIT: count(60),
  WS_UPGRADE_RATE_WINDOW_SECONDS: windowSeconds(60),
  ROOM_CAPACITY_MAX: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(2).max(100_000).default(1000)),
  EDIT_WINDOW_SECONDS: z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(0).max(7 * 86_400).default(600)),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  KAKAO_CLIENT_ID: optionalString,
  KAKAO_CLIENT_SECRET: optionalString,
  KAKAO_CALLBACK_URL: httpUrl,
  KAKAO_AUTH_BASE_URL: httpUrl,
  KAKAO_API_BASE_URL: httpUrl,
  NAVER_CLIENT_ID: optionalString,
  NAVER_CLIENT_SECRET: optionalString,
  NAVER_CALLBACK_URL: httpUrl,
  NAVER_AUTH_BASE_URL: httpUrl,
  NAVER_API_BASE_URL: httpUrl,
});

type RawEnv = z.infer<typeof schema>;

/** A duration in (possibly fractional) seconds, so tests can shorten intervals. */
function seconds(fallback: number) {
  return z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a number of seconds' }).min(0.05).max(86_400).default(fallback));
}

/** How many actions a rate limit allows per window. */
function count(fallback: number) {
  return z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(1_000_000).default(fallback));
}

/** A rate-limit window in whole seconds, up to a day. */
function windowSeconds(fallback: number) {
  return z.preprocess(blankToUndefined, z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(1).max(86_400).default(fallback));
}

function isMysqlUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'mysql:' && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/**
 * Validates the environment into a Config. Pure (no I/O), so tests can feed it any
 * environment; throws ConfigError listing every bad variable by name.
 */
export function loadConfig(source: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const secret = sessionSecret(raw, problems);
  const host = listenHost(raw, problems);
  if (raw.NODE_ENV === 'production' && raw.BCRYPT_COST < MIN_PRODUCTION_BCRYPT_COST) {
    problems.push(`BCRYPT_COST must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production (each step doubles the work of guessing a leaked hash)`);
  }
  const kakao = oauthProvider('KAKAO', raw, { auth: 'https://kauth.kakao.com', api: 'https://kapi.kakao.com' }, problems);
  const naver = oauthProvider('NAVER', raw, { auth: 'https://nid.naver.com', api: 'https://openapi.naver.com' }, problems);
  const allowedOrigins = parseOrigins(raw.ALLOWED_ORIGINS, problems);
  const redis = redisTarget(raw, problems);
  const storage = mediaStorage(raw, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: raw.NODE_ENV,
    http: { port: raw.PORT, host, trustProxyHops: raw.TRUST_PROXY_HOPS, allowedOrigins },
    db: { url: raw.DATABASE_URL },
    redis,
    session: { secret, developmentSecret: raw.SESSION_SECRET === undefined },
    media: {
      root: raw.MEDIA_ROOT,
      storage,
      upload: { maxBytes: raw.UPLOAD_MAX_BYTES, maxPixels: raw.UPLOAD_MAX_PIXELS, maxFrames: raw.UPLOAD_MAX_FRAMES },
    },
    auth: { bcryptCost: raw.BCRYPT_COST, kakao, naver },
    log: { level: raw.LOG_LEVEL ?? (raw.NODE_ENV === 'test' ? 'silent' : 'info') },
    realtime: {
      pingIntervalMs: raw.WS_PING_SECONDS * 1000,
      sessionCheckMs: raw.WS_SESSION_CHECK_SECONDS * 1000,
      presenceTtlMs: raw.PRESENCE_TTL_SECONDS * 1000,
      chatRate: { limit: raw.CHAT_RATE_LIMIT, windowSeconds: raw.CHAT_RATE_WINDOW_SECONDS },
      upgradeRate: {
        perAddress: raw.WS_UPGRADE_ADDRESS_RATE_LIMIT,
        perUser: raw.WS_UPGRADE_RATE_LIMIT,
        windowSeconds: raw.WS_UPGRADE_RATE_WINDOW_SECONDS,
      },
    },
    limits: {
      signup: { limit: raw.SIGNUP_RATE_LIMIT, windowSeconds: raw.SIGNUP_RATE_WINDOW_SECONDS },
      roomCreate: { limit: raw.ROOM_CREATE_RATE_LIMIT, windowSeconds: raw.ROOM_CREATE_RATE_WINDOW_SECONDS },
    },
    messages: { editWindowSeconds: raw.EDIT_WINDOW_SECONDS },
    rooms: { capacityMax: raw.ROOM_CAPACITY_MAX },
  };
}

function sessionSecret(raw: RawEnv, problems: string[]): string {
  if (raw.SESSION_SECRET === undefined) {
    if (raw.NODE_ENV === 'production') problems.push('SESSION_SECRET is required in production');
    return DEV_SESSION_SECRET;
  }
  if (raw.SESSION_SECRET.length < 32) problems.push('SESSION_SECRET must be at least 32 characters');
  return raw.SESSION_SECRET;
}

/**
 * Where to listen. Without SESSION_SECRET the development secret, which is public, signs
 * the cookies: anyone could forge a session. Whatever NODE_ENV says, such a server is
 * reachable from this machine only (127.0.0.1 by default, and a non-loopback HOST is
 * refused); with a secret it listens on every interface unless HOST says otherwise.
 */
function listenHost(raw: RawEnv, problems: string[]): string | null {
  const hasSecret = raw.SESSION_SECRET !== undefined;
  if (raw.HOST === undefined) return hasSecret ? null : '127.0.0.1';
  if (!hasSecret && !isLoopback(raw.HOST)) {
    problems.push(`HOST=${raw.HOST} would serve other machines with the public development SESSION_SECRET; set SESSION_SECRET (32+ characters) or listen on 127.0.0.1`);
  }
  return raw.HOST;
}

function isLoopback(host: string): boolean {
  const address = host.toLowerCase().replace(/^::ffff:/, '');
  return address === 'localhost' || address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}

/**
 * A provider is enabled only when its id, secret and callback are all set; a partial
 * set is an error, because passport-kakao/naver would silently fall back to a fixed
 * client secret.
 */
function oauthProvider(
  prefix: 'KAKAO' | 'NAVER',
  raw: RawEnv,
  defaults: { auth: string; api: string },
  problems: string[],
): OAuthProviderConfig | null {
  const clientId = raw[`${prefix}_CLIENT_ID`];
  const clientSecret = raw[`${prefix}_CLIENT_SECRET`];
  const callbackUrl = raw[`${prefix}_CALLBACK_URL`];
  const given = [clientId, clientSecret, callbackUrl].filter((value) => value !== undefined).length;
  if (given === 0) return null;
  if (clientId === undefined || clientSecret === undefined || callbackUrl === undefined) {
    problems.push(`${prefix}_CLIENT_ID, ${prefix}_CLIENT_SECRET and ${prefix}_CALLBACK_URL must be set together`);
    return null;
  }
  return {
    clientId,
    clientSecret,
    callbackUrl,
    authBaseUrl: trimSlash(raw[`${prefix}_AUTH_BASE_URL`] ?? defaults.auth),
    apiBaseUrl: trimSlash(raw[`${prefix}_API_BASE_URL`] ?? defaults.api),
  };
}

/** One Redis, a cluster, or neither (in-memory mode); never both. */
function redisTarget(raw: RawEnv, problems: string[]): RedisTarget | null {
  if (raw.REDIS_CLUSTER_NODES === undefined) {
    if (raw.REDIS_CLUSTER_PASSWORD !== undefined) problems.push('REDIS_CLUSTER_PASSWORD is set without REDIS_CLUSTER_NODES');
    return raw.REDIS_URL === undefined ? null : { mode: 'single', url: raw.REDIS_URL };
  }
  if (raw.REDIS_URL !== undefined) {
    problems.push('REDIS_URL and REDIS_CLUSTER_NODES are both set: use one (a single Redis, or a Redis Cluster)');
    return null;
  }
  const nodes = parseClusterNodes(raw.REDIS_CLUSTER_NODES, problems);
  return nodes.length === 0 ? null : { mode: 'cluster', nodes, password: raw.REDIS_CLUSTER_PASSWORD ?? null };
}

/** `host:port,host:port`; an IPv6 address in brackets (`[::1]:7000`). */
function parseClusterNodes(value: string, problems: string[]): RedisNode[] {
  const nodes: RedisNode[] = [];
  const items = value.split(',').map((part) => part.trim()).filter(Boolean);
  for (const item of items) {
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([a-zA-Z0-9.-]+)):(\d{1,5})$/.exec(item);
    const port = Number(match?.[3]);
    const host = match?.[1] ?? match?.[2];
    if (host === undefined || !(port >= 1 && port <= 65535)) {
      problems.push(`REDIS_CLUSTER_NODES has "${item}", which is not host:port (e.g. 10.0.0.5:7000)`);
      continue;
    }
    nodes.push({ host, port });
  }
  if (items.length === 0) problems.push('REDIS_CLUSTER_NODES must list at least one host:port');
  return nodes;
}

/**
 * The S3 settings are read only with MEDIA_STORAGE=s3; then the bucket is required and the
 * key pair goes together (neither: the SDK finds credentials itself, e.g. an instance role).
 */
function mediaStorage(raw: RawEnv, problems: string[]): MediaStorageConfig {
  if (raw.MEDIA_STORAGE === 'disk') return { driver: 'disk' };
  if (raw.S3_BUCKET === undefined) problems.push('S3_BUCKET is required when MEDIA_STORAGE=s3');
  const accessKeyId = raw.S3_ACCESS_KEY_ID;
  const secretAccessKey = raw.S3_SECRET_ACCESS_KEY;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the SDK\'s default credentials)');
  }
  return {
    driver: 's3',
    bucket: raw.S3_BUCKET ?? '',
    region: raw.S3_REGION,
    endpoint: raw.S3_ENDPOINT === undefined ? null : trimSlash(raw.S3_ENDPOINT),
    forcePathStyle: raw.S3_FORCE_PATH_STYLE === 'true' || raw.S3_FORCE_PATH_STYLE === '1',
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : null,
  };
}

function parseOrigins(value: string | undefined, problems: string[]): string[] {
  if (value === undefined) return [];
  const origins: string[] = [];
  for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    try {
      origins.push(new URL(item).origin);
    } catch {
      problems.push(`ALLOWED_ORIGINS has "${item}", which is not an origin like https://chat.example.com`);
    }
  }
  return origins;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
