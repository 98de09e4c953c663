/**
 * Whole Xieshang instances in this process, for multi-instance tests and the benchmark:
 * `startServer` + `composeBot` with the real bot, the offline classifier and the demo accounts,
 * each on port 0, all sharing ONE Redis (a key prefix per test keeps tests apart) and the same
 * DIRECT_LINE_SECRET — as several pods behind a load balancer without sticky sessions.
 */
import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../../src/config.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createRedisStores, retentionFromConfig, type RedisStoresOptions } from "../../src/store/index.js";
import type { Stores } from "../../src/store/types.js";

export const TEST_SECRET = "xieshang-test-direct-line-secret-0123456789";

export interface InstanceOptions {
  /** Redis every instance shares (from the harness). */
  redisUrl: string;
  /** Key namespace shared by the instances of one test; default a fresh one. */
  prefix?: string;
  secret?: string;
  /** Extra environment for loadConfig (PORT, LOG_LEVEL, REDIS_URL and the secret are set here). */
  env?: Record<string, string>;
  log?: Logger;
  /** Store options (timeouts, lock) passed to createRedisStores. */
  storeOptions?: Partial<RedisStoresOptions>;
}

export interface Instance {
  name: string;
  url: string;
  port: number;
  config: Config;
  stores: Stores;
  server: RunningServer;
  /** True once close() ran (the instance is "killed"). */
  readonly closed: boolean;
  close(): Promise<void>;
}

export function newPrefix(label = "t"): string {
  return `xs-test:${label}:${randomBytes(6).toString("hex")}:`;
}

/** The environment every test instance gets: loopback, port 0, quiet, offline classifier, demo accounts. */
export function instanceConfig(options: { redisUrl?: string; secret?: string; env?: Record<string, string> }): Config {
  return loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    DIRECT_LINE_SECRET: options.secret ?? TEST_SECRET,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, REDIS_CONNECT_TIMEOUT_MS: "3000" } : {}),
    ...(options.env ?? {}),
    // never an LLM in tests: the offline classifier answers
    OPENAI_API_KEY: "",
  });
}

export async function redisStoresFor(redisUrl: string, prefix: string, extra: Partial<RedisStoresOptions> = {}): Promise<Stores> {
  return createRedisStores(redisUrl, {
    connectTimeoutMs: 3000,
    commandTimeoutMs: 2000,
    maxReconnectDelayMs: 300,
    prefix,
    log: () => {},
    ...extra,
  });
}

/** One instance on the shared Redis. */
export async function startRedisInstance(name: string, options: InstanceOptions & { prefix: string }): Promise<Instance> {
  const log = options.log ?? silentLogger;
  const config = instanceConfig({ redisUrl: options.redisUrl, secret: options.secret, env: options.env });
  const stores = await redisStoresFor(options.redisUrl, options.prefix, { retention: retentionFromConfig(config), ...options.storeOptions });
  let server: RunningServer;
  try {
    // Imported here so that helpers of this module (config, stores) load without the whole bot.
    const { composeBot } = await import("../../src/compose.js");
    const parts = await composeBot(config, log, stores);
    server = await startServer({ config, log, stores, bot: parts.bot, channelMiddleware: [parts.transcript], ops: parts.ops });
  } catch (err) {
    await stores.close();
    throw err;
  }
  let closed = false;
  return {
    name,
    url: server.url,
    port: server.port,
    config,
    stores,
    server,
    get closed() {
      return closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await server.close();
      } finally {
        await stores.close();
      }
    },
  };
}

/** N instances ("A", "B", …) sharing one Redis prefix and one Direct Line secret. */
export async function startInstances(n: number, options: InstanceOptions): Promise<{ instances: Instance[]; prefix: string }> {
  const prefix = options.prefix ?? newPrefix();
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < n; i++) {
      instances.push(await startRedisInstance(String.fromCharCode(65 + i), { ...options, prefix }));
    }
  } catch (err) {
    await closeAll(instances);
    throw err;
  }
  return { instances, prefix };
}

export async function closeAll(instances: Instance[]): Promise<void> {
  await Promise.allSettled(instances.map((i) => i.close()));
}
