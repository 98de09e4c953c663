import { loadConfig } from "../config.js";
import { createLogger } from "../log.js";
import { XieshangError } from "../errors.js";
import { startInstance } from "../compose.js";

/** `xieshang serve`: the bot over HTTP until SIGINT/SIGTERM. */
export async function main(_args: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`xieshang: ${(err as Error).message}\n`);
    return 1;
  }
  const log = createLogger(config.LOG_LEVEL);
  try {
    const running = await startInstance(config, log);
    process.stdout.write(`Xieshang is listening on ${running.url}/ (store: ${running.stores.kind})\n`);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return 0;
  } catch (err) {
    const message = err instanceof XieshangError ? err.message : `could not start: ${(err as Error).message}`;
    process.stderr.write(`xieshang: ${message}\n`);
    return 1;
  }
}
