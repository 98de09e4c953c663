import { createClient } from "redis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { HttpError } from "../http/errorHandler.js";
import type { Logger } from "../log.js";

/**
 * Rate limits (rate-limiter-flexible), per client address and per conversation (= per token: a
 * token opens one conversation), on minting tokens, posting activities and opening WebSockets.
 * With REDIS_URL the counters live in Redis, shared by every instance; while Redis does not answer
 * each instance falls back to its own in-memory counters (the insurance limiter), so an outage
 * never turns into a 5xx or an open door.
 */
export type LimitKind = "tokens" | "posts" | "sockets";
export interface LimitKeys {
  address?: string | undefined;
  conversation?: string | undefined;
}

export interface RateLimits {
  /** Counts one event; throws HttpError 429 with Retry-After when a limit is passed. */
  consume(kind: LimitKind, keys: LimitKeys): Promise<void>;
  close(): Promise<void>;
}

/** Events per minute; 0 switches a limit off. */
export interface LimitSettings {
  tokensPerAddress: number;
  tokensPerConversation: number;
  postsPerAddress: number;
  postsPerConversation: number;
  socketsPerAddress: number;
  socketsPerConversation: number;
}

export function limitSettings(config: Config): LimitSettings {
  return {
    tokensPerAddress: config.RATE_LIMIT_TOKENS_PER_MINUTE,
    tokensPerConversation: config.RATE_LIMIT_TOKENS_PER_MINUTE,
    postsPerAddress: config.RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE,
    postsPerConversation: config.RATE_LIMIT_POSTS_PER_MINUTE,
    socketsPerAddress: config.RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE,
    socketsPerConversation: config.RATE_LIMIT_SOCKETS_PER_MINUTE,
  };
}

type RedisLike = ReturnType<typeof createClient>;

/**
 * The key an address is counted under: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4),
 * IPv6 by its /64 — one subscriber usually holds a whole /64, and counting single addresses
 * would give them 2^64 budgets.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

const WIRE = "TooManyRequests";

export function createRateLimits(settings: LimitSettings, options: { log: Logger; redisUrl?: string | undefined; keyPrefix?: string }): RateLimits {
  const { log } = options;
  let client: RedisLike | undefined;
  if (options.redisUrl) {
    client = createClient({
      url: options.redisUrl,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 10), 5000) },
    });
    // A Redis error must never escape as an uncaught 'error' event; the insurance limiter covers.
    let reported = false;
    client.on("error", (error: unknown) => {
      if (!reported) log.warn("ratelimit.redis_error", { errorName: (error as Error)?.name });
      reported = true;
    });
    client.on("ready", () => {
      reported = false;
    });
    client.connect().catch(() => {
      // reconnects on its own; meanwhile the in-memory counters answer
    });
  }
  const prefix = options.keyPrefix ?? "xs:rl";

  const make = (name: string, points: number): RateLimiterAbstract | undefined => {
    if (points <= 0) return undefined;
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: 60 });
    if (!client) return memory;
    return new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: `${prefix}:${name}`,
      points,
      duration: 60,
      insuranceLimiter: memory,
    });
  };

  const limiters: Record<LimitKind, { address?: RateLimiterAbstract | undefined; conversation?: RateLimiterAbstract | undefined }> = {
    tokens: { address: make("tokens:a", settings.tokensPerAddress), conversation: make("tokens:c", settings.tokensPerConversation) },
    posts: { address: make("posts:a", settings.postsPerAddress), conversation: make("posts:c", settings.postsPerConversation) },
    sockets: { address: make("sockets:a", settings.socketsPerAddress), conversation: make("sockets:c", settings.socketsPerConversation) },
  };

  return {
    async consume(kind, keys) {
      const pairs: Array<[RateLimiterAbstract, string]> = [];
      const l = limiters[kind];
      if (l.address && keys.address) pairs.push([l.address, addressKey(keys.address)]);
      if (l.conversation && keys.conversation) pairs.push([l.conversation, keys.conversation]);
      for (const [limiter, key] of pairs) {
        try {
          await limiter.consume(key);
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) {
            const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
            log.warn("ratelimit.limited", { kind });
            throw new HttpError("unavailable", `too many ${kind === "tokens" ? "token requests" : kind === "posts" ? "messages" : "connections"}; try again in ${seconds} s`, {
              status: 429,
              wireCode: WIRE,
              headers: { "Retry-After": String(seconds) },
            });
          }
          // Neither Redis nor the insurance answered: let the request through (logged), never a 5xx.
          log.warn("ratelimit.unavailable", { kind, errorName: (rejection as Error)?.name });
        }
      }
    },
    async close() {
      if (client) {
        try {
          client.destroy();
        } catch {
          // already closed
        }
      }
    },
  };
}
