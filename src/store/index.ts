import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Stores } from "./types.js";
import { createMemoryStores } from "./memory/index.js";
import { createRedisStores } from "./redis/index.js";

export type * from "./types.js";
export { createMemoryStores, type MemoryStoresOptions } from "./memory/index.js";
export { createRedisStores, type RedisStoresOptions, type StoreLog } from "./redis/index.js";

/** Redis when REDIS_URL is set (many instances), otherwise in memory (one instance). */
export async function createStores(
  config: Pick<Config, "REDIS_URL" | "REDIS_CONNECT_TIMEOUT_MS">,
  log?: Logger,
): Promise<Stores> {
  if (config.REDIS_URL) {
    return createRedisStores(config.REDIS_URL, {
      connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
      // Connection lost/restored and lock warnings go to the structured log when there is one.
      ...(log ? { log: (level: "info" | "warn", message: string) => log[level]("store", { message }) } : {}),
    });
  }
  return createMemoryStores();
}
