import type { Stores } from "../types.js";
import { RedisConnection, defaultLog, describeRedisUrl, type StoreLog } from "./connection.js";
import { RedisKeys } from "./keys.js";
import { RedisKeyValueStorage } from "./storage.js";
import { RedisTurnLock, type RedisTurnLockOptions } from "./lock.js";
import { RedisTranscriptStore } from "./transcript.js";
import { RedisNotifier } from "./notifier.js";
import { RedisReferenceStore } from "./references.js";
import { RedisAgreementStore } from "./agreements.js";
import { RedisHandoffQueue } from "./handoffs.js";
import { createRedisLockout } from "./lockout.js";
import { RedisVerificationMarkers } from "./markers.js";
import type { LockoutOptions } from "../lockout.js";
import { RedisDeskStore } from "./desk.js";
import { RedisAuditLog } from "./audit.js";
import { RedisAccountIndex, RedisErasure } from "./erasure.js";
import { DEFAULT_RETENTION, type Retention } from "../retention.js";

export { describeRedisUrl, type StoreLog, type RedisTurnLockOptions };

export interface RedisStoresOptions {
  /** Start-up bound (config REDIS_CONNECT_TIMEOUT_MS): unreachable by then → XieshangError("unavailable"). */
  connectTimeoutMs: number;
  /** An operation (command or batch) without an answer within this long rejects with "unavailable" (one watchdog per connection, not a timer per command). Default 3000. */
  commandTimeoutMs?: number;
  /** Cap of the reconnection backoff while running. Default 2000. */
  maxReconnectDelayMs?: number;
  /** Namespace of every key and channel. Default "xs:" (tests use a unique one per test). */
  prefix?: string;
  lock?: RedisTurnLockOptions;
  /** Per-account verification lockout thresholds (POLICY.md §6 defaults). */
  lockout?: LockoutOptions;
  /** Connection lost/restored and lock warnings. Default: warnings as structured lines on standard error. */
  log?: StoreLog;
  /** How long each kind of data is kept (default: POLICY §8). */
  retention?: Partial<Retention>;
  /** Clock for retention horizons (tests); Redis itself stamps stream ids. */
  now?: () => number;
  /** Called with the operation's name whenever a store operation fails in Redis (metrics). */
  onError?: (operation: string) => void;
}

/**
 * Connects (bounded by connectTimeoutMs) and returns the Redis-backed stores. Several instances
 * pointing at the same Redis and prefix share state, locks, transcripts and notifications.
 */
export async function createRedisStores(url: string, options: RedisStoresOptions): Promise<Stores> {
  const log = options.log ?? defaultLog;
  const conn = await RedisConnection.open(url, {
    connectTimeoutMs: options.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs ?? 3000,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 2000,
    log,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const keys = new RedisKeys(options.prefix ?? "xs:");
  const warn = (message: string): void => log("warn", message);
  const retention: Retention = { ...DEFAULT_RETENTION, ...options.retention };
  const now = options.now ?? Date.now;
  return {
    kind: "redis",
    storage: new RedisKeyValueStorage(conn, keys, retention.stateMs),
    lock: new RedisTurnLock(conn, keys, warn, options.lock),
    transcripts: new RedisTranscriptStore(conn, keys, retention.transcriptMs, retention.transcriptMaxEntries),
    notifier: new RedisNotifier(conn, keys, (error) =>
      warn(`a notification handler threw: ${error instanceof Error ? error.message : String(error)}`),
    ),
    references: new RedisReferenceStore(conn, keys, retention.transcriptMs),
    agreements: new RedisAgreementStore(conn, keys, retention, now),
    handoffs: new RedisHandoffQueue(conn, keys, retention.transcriptMs),
    audit: new RedisAuditLog(conn, keys, retention.recordsMs, now),
    accountIndex: new RedisAccountIndex(conn, keys, retention.transcriptMs),
    erasure: new RedisErasure(conn, keys),
    lockout: createRedisLockout(conn, keys, options.lockout),
    verifying: new RedisVerificationMarkers(conn, keys),
    desk: new RedisDeskStore(conn, keys, retention.transcriptMs, retention.recordsMs, 20_000, now),
    healthy: () => conn.healthy(),
    close: () => conn.close(),
  };
}
