/** What the operator commands (forget, export) share: the store from REDIS_URL, argument parsing, output. */
import { loadConfig } from "../config.js";
import { createStores } from "../store/index.js";
import type { Stores } from "../store/types.js";
import type { z } from "zod";
import { XieshangError } from "../errors.js";

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

/**
 * One operator command on the shared store: --help, flags parsed by `schema` (a usage error names
 * the flag), the store opened and always closed, and the exit status — 0 done, 1 store error,
 * 2 usage or configuration.
 */
export async function runStoreCommand<A>(
  name: string,
  usage: string,
  args: string[],
  schema: z.ZodType<A>,
  flags: readonly string[],
  body: (stores: Stores, parsed: A) => Promise<void>,
): Promise<number> {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    await writeLine(process.stdout, usage);
    return 0;
  }
  let stores: Stores | undefined;
  try {
    const parsed = schema.safeParse(parseFlags(args, flags));
    if (!parsed.success) {
      throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}` : "arguments"}: ${i.message}`).join("; "));
    }
    stores = await openSharedStores();
    await body(stores, parsed.data);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      await writeLine(process.stderr, `xieshang ${name}: ${err.message}\n${usage}`);
      return 2;
    }
    const message = err instanceof XieshangError ? err.message : `failed: ${(err as Error).message}`;
    await writeLine(process.stderr, `xieshang ${name}: ${message}`);
    return err instanceof XieshangError && err.code === "config" ? 2 : 1;
  } finally {
    await stores?.close();
  }
}
