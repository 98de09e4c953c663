import { RateLimiterMemory } from "rate-limiter-flexible";
import { LimiterLockout, LOCKOUT_DEFAULTS, lockoutLimiterOptions, type LockoutOptions } from "../lockout.js";

/** One process only (the in-memory store): the counters live and expire in this process. */
export function createMemoryLockout(options: LockoutOptions = {}): LimiterLockout {
  const limiter = new RateLimiterMemory(lockoutLimiterOptions(options, "verify-lockout"));
  return new LimiterLockout(limiter, options.lockSeconds ?? LOCKOUT_DEFAULTS.lockSeconds);
}
