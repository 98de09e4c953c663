import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { VerificationLockout } from "./types.js";

/** POLICY.md §6: 5 failed verifications for one account within 24 hours lock it for 24 hours. */
export interface LockoutOptions {
  failures?: number;
  windowSeconds?: number;
  lockSeconds?: number;
}
export const LOCKOUT_DEFAULTS: Required<LockoutOptions> = { failures: 5, windowSeconds: 86_400, lockSeconds: 86_400 };

/** rate-limiter-flexible options for a lockout counter (the same for the memory and Redis stores). */
export function lockoutLimiterOptions(options: LockoutOptions, keyPrefix: string) {
  const o = { ...LOCKOUT_DEFAULTS, ...options };
  return { points: o.failures, duration: o.windowSeconds, blockDuration: o.lockSeconds, keyPrefix };
}

/**
 * The lockout over a rate-limiter-flexible counter: each failure consumes a point within the
 * window; the failure that uses the last point blocks the key for the lock period (its TTL is
 * the lock), so the next check finds it locked. `run` wraps each call (Redis: timeouts, errors).
 */
export class LimiterLockout implements VerificationLockout {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly lockSeconds: number,
    private readonly run: <T>(what: string, op: () => Promise<T>) => Promise<T> = (_what, op) => op(),
  ) {}

  async isLocked(claimKey: string): Promise<boolean> {
    const res = await this.run("lockout read", () => this.limiter.get(claimKey));
    return res !== null && res.consumedPoints >= this.limiter.points;
  }

  async recordFailure(claimKey: string): Promise<boolean> {
    // Over the limit, rate-limiter-flexible rejects with its result: here that is an answer ("locked"), not an error.
    const res = await this.run("lockout count", () =>
      this.limiter.consume(claimKey).catch((error: unknown) => (error instanceof RateLimiterRes ? error : Promise.reject(error))),
    );
    if (res.consumedPoints < this.limiter.points) return false;
    if (res.consumedPoints === this.limiter.points) {
      // The failure that used the last point: locked for the whole lock period from now.
      await this.run("lockout block", () => this.limiter.block(claimKey, this.lockSeconds));
    }
    return true;
  }
}
