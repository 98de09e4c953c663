/** What the operator commands (forget, export) share: the store from REDIS_URL, argument parsing, output. */
import { loadConfig } from "../config.js";
import { createStores } from "../store/index.js";
import type { Stores } from "../store/types.js";

export class UsageError extends Error {}

/** `--name value` / `--name=value` pairs; anything else is a usage error. */
export function parseFlags(args: string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !known.includes(m[1]!)) throw new UsageError(`unknown argument ${JSON.stringify(arg.slice(0, 60))}`);
    const value = m[2] ?? args[++i];
    if (value === undefined || value === "") throw new UsageError(`--${m[1]} needs a value`);
    if (m[1]! in out) throw new UsageError(`--${m[1]} given twice`);
    out[m[1]!] = value;
  }
  return out;
}

/** The shared store: only Redis makes sense for a separate operator process. */
export async function openSharedStores(): Promise<Stores> {
  const config = loadConfig();
  if (!config.REDIS_URL) throw new UsageError("REDIS_URL is not set: this command works on the shared Redis store (the in-memory store lives inside the server)");
  return createStores(config);
}

export function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(`${line}\n`, (err) => (err ? reject(err) : resolve())));
}
