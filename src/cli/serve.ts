import { loadConfig } from "../config.js";
import { createLogger } from "../log.js";
import { XieshangError } from "../errors.js";
import { startInstance } from "../compose.js";

/** `xieshang serve`: the bot over HTTP until SIGINT/SIGTERM, then a graceful shutdown (exit 0). */
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
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      // A second signal while draining: stop at once.
      if (stopping) process.exit(1);
      stopping = true;
      log.info("server.shutdown", { signal });
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error("server.shutdown_failed", { errorName: err instanceof Error ? err.name : "unknown" });
          process.exit(1);
        },
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    // Announced once the signal handlers are in place (a supervisor may stop it at once).
    process.stdout.write(`Xieshang is listening on ${running.url}/ (store: ${running.stores.kind})\n`);
    if (running.metricsUrl) process.stdout.write(`Metrics: ${running.metricsUrl}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof XieshangError ? err.message : `could not start: ${(err as Error).message}`;
    process.stderr.write(`xieshang: ${message}\n`);
    return 1;
  }
}
