import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Stores } from "./types.js";
import { createMemoryStores } from "./memory/index.js";
import { createRedisStores } from "./redis/index.js";
import { retentionFromConfig, type RetentionConfig } from "./retention.js";

export type * from "./types.js";
export { createMemoryStores, type MemoryStoresOptions } from "./memory/index.js";
export { createRedisStores, type RedisStoresOptions, type StoreLog } from "./redis/index.js";
export { DEFAULT_RETENTION, retentionFromConfig, type Retention } from "./retention.js";

/** Redis when REDIS_URL is set (many instances), otherwise in memory (one instance). */
export async function createStores(
  config: Pick<Config, "REDIS_URL" | "REDIS_CONNECT_TIMEOUT_MS"> & Partial<RetentionConfig>,
  log?: Logger,
  onRedisError?: (operation: string) => void,
): Promise<Stores> {
  const retention = retentionFromConfig({ ...RETENTION_DEFAULTS, ...definedOnly(config) });
  if (config.REDIS_URL) {
    return createRedisStores(config.REDIS_URL, {
      connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
      retention,
      ...(onRedisError ? { onError: onRedisError } : {}),
      // Connection lost/restored and lock warnings go to the structured log when there is one.
      ...(log ? { log: (level: "info" | "warn", message: string) => log[level]("store", { message }) } : {}),
    });
  }
  return createMemoryStores({
    retention,
    ...(log ? { onHandlerError: (error: unknown) => log.warn("store.notify_handler_failed", { error: error instanceof Error ? error.name : "unknown" }) } : {}),
  });
}

const RETENTION_DEFAULTS: RetentionConfig = {
  RETENTION_STATE_DAYS: 30,
  RETENTION_TRANSCRIPT_DAYS: 180,
  RETENTION_RECORDS_YEARS: 5,
  TRANSCRIPT_MAX_ENTRIES: 2000,
};

function definedOnly(config: Partial<RetentionConfig>): Partial<RetentionConfig> {
  const keys = Object.keys(RETENTION_DEFAULTS) as Array<keyof RetentionConfig>;
  return Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}
