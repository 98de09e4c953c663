import type { TurnContext } from "botbuilder";
import { ConsoleAdapter } from "../channels/console.js";
import { composeBot } from "../compose.js";
import { loadConfig } from "../config.js";
import { XieshangError } from "../errors.js";
import { createLogger } from "../log.js";
import { createMemoryStores } from "../store/memory/index.js";

const USAGE = "usage: xieshang chat [--locale zh-CN|en]";

function parseLocale(args: string[]): "zh-CN" | "en" | null {
  let locale: "zh-CN" | "en" = "zh-CN";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = arg === "--locale" ? args[++i] : arg?.startsWith("--locale=") ? arg.slice("--locale=".length) : undefined;
    if (arg !== "--locale" && !arg?.startsWith("--locale=")) return null;
    if (value === "zh-CN" || value === "zh") locale = "zh-CN";
    else if (value === "en") locale = "en";
    else return null;
  }
  return locale;
}

/**
 * `xieshang chat`: the same bot as every other channel (composeBot → createBot), over an in-memory
 * store, the configured classifier (offline unless an LLM is configured), the policy pack and the
 * demo accounts (or ACCOUNTS_FILE), in this terminal.
 */
export async function main(args: string[]): Promise<number> {
  const locale = parseLocale(args);
  if (locale === null) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
    const parts = await composeBot(config, log, createMemoryStores());
    const adapter = new ConsoleAdapter({ locale, botName: locale === "zh-CN" ? "协商" : "Xieshang" });
    adapter.use(parts.transcript);
    adapter.onTurnError = async (_context: TurnContext, error: Error) => {
      log.error("chat_turn_failed", { code: error instanceof XieshangError ? error.code : "internal" });
    };
    await adapter.listen((context) => parts.bot.run(context));
    await parts.stores.close();
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
