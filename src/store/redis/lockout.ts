import { RateLimiterRedis } from "rate-limiter-flexible";
import { LimiterLockout, LOCKOUT_DEFAULTS, lockoutLimiterOptions, type LockoutOptions } from "../lockout.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** Shared by every instance: rate-limiter-flexible's Redis counters (INCR with TTL in one script). */
export function createRedisLockout(conn: RedisConnection, keys: RedisKeys, options: LockoutOptions = {}): LimiterLockout {
  const limiter = new RateLimiterRedis({
    storeClient: conn.client,
    useRedisPackage: true,
    ...lockoutLimiterOptions(options, keys.lockout()),
  });
  return new LimiterLockout(limiter, options.lockSeconds ?? LOCKOUT_DEFAULTS.lockSeconds, (what, op) => conn.run(what, op));
}
