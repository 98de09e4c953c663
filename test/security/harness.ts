/**
 * A whole Xieshang server (the real bot, memory store, offline classifier) on loopback port 0,
 * for the attack and fuzz suites. `env` overrides configuration keys.
 */
import { loadConfig, type Config } from "../../src/config.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { composeBot } from "../../src/compose.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";

export const ATTACK_SECRET = "attack-suite-direct-line-secret-0123456789abcdef";

export interface Target {
  url: string;
  port: number;
  config: Config;
  stores: Stores;
  server: RunningServer;
  close(): Promise<void>;
}

export async function startTarget(env: Record<string, string> = {}, log: Logger = silentLogger, stores?: Stores): Promise<Target> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    OPENAI_API_KEY: "",
    DIRECT_LINE_SECRET: ATTACK_SECRET,
    ...env,
  });
  const own = stores ?? createMemoryStores();
  const parts = await composeBot(config, log, own);
  const server = await startServer({ config, log, stores: own, bot: parts.bot, channelMiddleware: [parts.transcript] });
  return {
    url: server.url,
    port: server.port,
    config,
    stores: own,
    server,
    async close() {
      await server.close();
    },
  };
}
