import { createClient } from "redis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { closeClient } from "../store/redis/closeClient.js";
import { HttpError } from "../http/errorHandler.js";

/**
 * Sign-in throttling (rate-limiter-flexible): failed attempts are counted per account and per
 * client address; past the limit further attempts are refused with 429 and Retry-After until the
 * window passes — even with the right password, so guessing gains nothing. With REDIS_URL the
 * counters are shared by every instance (an in-memory insurance limiter answers while Redis is away).
 */
export interface SignInThrottleOptions {
  /** Failed attempts per account per window (default 5 / 15 min). */
  perAccount?: number;
  /** Failed attempts per address per window (default 20 / 15 min). */
  perAddress?: number;
  windowSeconds?: number;
  redisUrl?: string | undefined;
  keyPrefix?: string;
}

export class SignInThrottle {
  private readonly account: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly client: ReturnType<typeof createClient> | undefined;

  constructor(options: SignInThrottleOptions = {}) {
    const duration = options.windowSeconds ?? 15 * 60;
    const prefix = options.keyPrefix ?? "xs:desk-signin";
    const make = (name: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration });
      if (!this.client) return memory;
      return new RateLimiterRedis({ storeClient: this.client, useRedisPackage: true, keyPrefix: `${prefix}:${name}`, points, duration, insuranceLimiter: memory });
    };
    if (options.redisUrl) {
      this.client = createClient({ url: options.redisUrl, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: (n: number) => Math.min(100 * 2 ** Math.min(n, 10), 5000) } });
      this.client.on("error", () => {
        // the insurance limiter answers meanwhile
      });
      this.client.connect().catch(() => undefined);
    }
    this.account = make("account", options.perAccount ?? 5);
    this.address = make("address", options.perAddress ?? 20);
  }

  /** Refuses (429) while either counter is over its limit. */
  async check(agentId: string, address: string): Promise<void> {
    const [a, b] = await Promise.all([this.account.get(agentId), this.address.get(address)]);
    const blocked = [a && a.consumedPoints >= this.account.points ? a : null, b && b.consumedPoints >= this.address.points ? b : null].filter(
      (r): r is RateLimiterRes => r !== null,
    );
    if (blocked.length > 0) throw tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)));
  }

  /** Counts one failed attempt on both counters. */
  async failed(agentId: string, address: string): Promise<void> {
    await Promise.allSettled([this.account.penalty(agentId, 1), this.address.penalty(address, 1)]);
  }

  /** A successful sign-in clears the account's counter (not the address's). */
  async succeeded(agentId: string): Promise<void> {
    await this.account.delete(agentId).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.client) await closeClient(this.client);
  }
}

function tooMany(ms: number): HttpError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new HttpError("bad_request", `too many failed sign-in attempts; try again in ${seconds} s`, {
    status: 429,
    wireCode: "TooManyRequests",
    headers: { "Retry-After": String(seconds) },
  });
}
