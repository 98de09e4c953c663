/** An in-process instance wired as `serve` wires it (compose + server, with its own metrics), and a Prometheus text reader. */
import { loadConfig } from "../../src/config.js";
import { composeBot, newOps } from "../../src/compose.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { TEST_SECRET } from "../support/instance.js";

export interface OpsInstance {
  server: RunningServer;
  close(): Promise<void>;
}

export async function startWith(env: Record<string, string>, log: Logger = silentLogger): Promise<OpsInstance> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DIRECT_LINE_SECRET: TEST_SECRET, OPENAI_API_KEY: "", ...env });
  const ops = newOps();
  const parts = await composeBot(config, log, undefined, ops);
  try {
    const server = await startServer({ config, log, stores: parts.stores, bot: parts.bot, channelMiddleware: [parts.transcript], ops });
    return {
      server,
      async close() {
        await server.close();
        await parts.stores.close();
      },
    };
  } catch (err) {
    await parts.stores.close();
    throw err;
  }
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a Prometheus text exposition. */
export function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function total(text: string, name: string, labels: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
