/**
 * One Xieshang instance as its own process (for the kill test: SIGKILL takes it away mid-turn,
 * with its sockets, timers and lock renewals — nothing runs a `finally`). Reads REDIS_URL and
 * XS_PREFIX (and configuration from XS_ENV, a JSON object), starts on port 0 and prints one JSON
 * line: {"url": …}.
 */
import { startRedisInstance } from "../support/instance.js";

const redisUrl = process.env.REDIS_URL;
const prefix = process.env.XS_PREFIX;
if (!redisUrl || !prefix) {
  process.stderr.write("instanceProcess: REDIS_URL and XS_PREFIX are required\n");
  process.exit(2);
}
const env = JSON.parse(process.env.XS_ENV ?? "{}") as Record<string, string>;
// Store warnings (a lease lost to a stall, a connection lost) go to stderr, one line each, for the test to count.
const storeOptions = { log: (level: "info" | "warn", message: string) => void process.stderr.write(`store ${level}: ${message}\n`) };
const instance = await startRedisInstance(process.env.XS_NAME ?? "child", { redisUrl, prefix, env, storeOptions });
process.stdout.write(`${JSON.stringify({ url: instance.url })}\n`);
process.on("SIGTERM", () => {
  void instance.close().finally(() => process.exit(0));
});
