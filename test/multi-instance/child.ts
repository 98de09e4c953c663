/** Starts test/multi-instance/instanceProcess.ts as a child process and waits for its URL. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./instanceProcess.ts", import.meta.url));

export interface ChildInstance {
  name: string;
  url: string;
  process: ChildProcess;
  /** Lines the instance wrote to stderr (store warnings). */
  readonly stderrLines: string[];
  /** SIGKILL: the instance is gone at once, mid-turn, without cleaning up. Resolves when it has exited. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a moment (cleanup after the test). */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

export async function startChildInstance(
  name: string,
  redisUrl: string,
  prefix: string,
  config: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<ChildInstance> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, REDIS_URL: redisUrl, XS_PREFIX: prefix, XS_NAME: name, XS_ENV: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => children.delete(child));
  let stderr = "";
  const stderrLines: string[] = [];
  child.stderr!.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    stderrLines.push(...d.toString().split("\n").filter((l) => l.length > 0));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited before starting: ${stderr}`));
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    url,
    process: child,
    stderrLines,
    async kill() {
      if (!gone()) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}
