/**
 * The contract-test factory: `describeBackends(title, body)` declares the same cases once per
 * backend (memory, then Redis on a real redis-server from the harness).
 */
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { createRedisStores, type RedisStoresOptions } from "../../src/store/redis/index.js";
import type { Stores } from "../../src/store/types.js";
import type { Agreement, HandoffRequest } from "../../src/domain/agreement.js";
import { NO_FLAGS } from "../../src/domain/case.js";
import { useRedisServer, type RedisServer } from "../support/redis.js";

export type BackendName = "memory" | "redis";

export interface Backend {
  name: BackendName;
  /** A new, empty store (Redis: its own key prefix). Closed after each test. */
  fresh(options?: Partial<RedisStoresOptions>): Promise<Stores>;
  /** A second instance over the same data as `stores` (memory is one instance: the same object). */
  peer(stores: Stores, options?: Partial<RedisStoresOptions>): Promise<Stores>;
  /** Redis only: the server (memory: throws). */
  server(): RedisServer;
}

export const quiet = (): void => {};

export function describeBackends(
  title: string,
  body: (backend: () => Backend) => void,
  options: { only?: BackendName[] } = {},
): void {
  for (const name of options.only ?? (["memory", "redis"] as const)) {
    describe(`${title} [${name}]`, function () {
      const server = name === "redis" ? useRedisServer() : undefined;
      const opened: Stores[] = [];
      const prefixes = new WeakMap<Stores, string>();
      const usedPrefixes: string[] = [];

      const openRedis = async (prefix: string, options: Partial<RedisStoresOptions> = {}): Promise<Stores> => {
        const stores = await createRedisStores(server!().url, {
          connectTimeoutMs: 3000,
          commandTimeoutMs: 2000,
          maxReconnectDelayMs: 200,
          prefix,
          log: quiet,
          ...options,
        });
        prefixes.set(stores, prefix);
        opened.push(stores);
        return stores;
      };

      const backend: Backend = {
        name,
        async fresh(options) {
          if (name === "memory") {
            const stores = createMemoryStores({
              ...(options?.lock?.waitMs === undefined ? {} : { lock: { waitMs: options.lock.waitMs } }),
              ...(options?.now ? { now: options.now } : {}),
              ...(options?.retention ? { retention: options.retention } : {}),
            });
            opened.push(stores);
            return stores;
          }
          const prefix = `xs-test:${randomBytes(6).toString("hex")}:`;
          usedPrefixes.push(prefix);
          return openRedis(prefix, options);
        },
        async peer(stores, options) {
          if (name === "memory") return stores;
          const prefix = prefixes.get(stores);
          if (!prefix) throw new Error("peer() needs a store made by fresh()");
          return openRedis(prefix, options);
        },
        server() {
          if (!server) throw new Error("the memory backend has no server");
          return server();
        },
      };

      afterEach(async () => {
        await Promise.allSettled(opened.splice(0).map((s) => s.close()));
        // An external REDIS_URL is someone's server: leave nothing behind.
        if (server && server().external && usedPrefixes.length > 0) {
          const client = createClient({ url: server().url });
          client.on("error", quiet);
          await client.connect();
          for (const prefix of usedPrefixes.splice(0)) {
            for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
              if (keys.length > 0) await client.del(keys);
            }
          }
          await client.close();
        }
      });

      body(() => backend);
    });
  }
}

export function sampleAgreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    id: "agr-1",
    conversationId: "conv-1",
    accountId: "acct-1",
    locale: "zh-CN",
    case: {
      identityVerified: true,
      account: {
        product: "consumer_loan",
        currency: "CNY",
        outstandingMinor: 5_000_000,
        annualRateBps: 1200,
        daysPastDue: 10,
        originalTermMonths: 36,
        remainingTermMonths: 24,
        contractualMonthlyPaymentMinor: 250_000,
        penaltyAccruedMinor: 10_000,
        secured: false,
        arrangementsLast12m: 0,
        brokenArrangementsLast12m: 0,
      },
      hardship: {
        reason: "medical",
        expectedDuration: "3_to_12_months",
        monthlyIncomeMinor: 600_000,
        essentialExpensesMinor: 400_000,
        affordableMonthlyMinor: 150_000,
        willingToRepay: true,
      },
      flags: { ...NO_FLAGS },
    },
    offers: [
      { type: "payment_deferral", ruleId: "R1", citation: "§3.1", months: 3, resumeMonthlyPaymentMinor: 250_000 },
    ],
    policyVersion: "cn-2026.1",
    trace: [{ ruleId: "R1", outcome: "fired", detail: "medical hardship, short duration" }],
    textShown: "您同意暂停还款三个月。",
    offersShown: [
      { type: "payment_deferral", ruleId: "R1", citation: "§3.1", months: 3, resumeMonthlyPaymentMinor: 250_000 },
    ],
    consent: { activityId: "act-1", channel: "directline", words: "我同意", button: false, at: "2026-01-02T03:04:00.000Z" },
    verifiedAt: "2026-01-02T03:00:00.000Z",
    agentId: null,
    vulnerabilityNote: null,
    status: "agreed",
    createdAt: "2026-01-02T03:04:05.000Z",
    ...overrides,
  };
}

export function sampleHandoff(overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    id: "h-1",
    conversationId: "conv-1",
    queue: "general",
    priority: "normal",
    reason: "borrower_request",
    locale: "zh-CN",
    accountId: null,
    facts: { reason: "job_loss", empty: [], nested: {} },
    trace: [],
    transcript: [{ from: "borrower", text: "我要找人工", at: "2026-01-02T03:04:05.000Z" }],
    status: "waiting",
    createdAt: "2026-01-02T03:04:05.000Z",
    ...overrides,
  };
}

/** Resolves with the first value `probe` returns that is not undefined, polling; rejects after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5000, every = 20): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${ms} ms${lastError ? `: ${String(lastError)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, every));
  }
}
