/**
 * A real redis-server for the Redis suites: started on a free port, answered PING before use,
 * stoppable and restartable on the same port (outage tests). With REDIS_URL in the environment
 * that server is used instead (and cannot be stopped). Without redis-server: CI fails loudly,
 * a developer machine skips the Redis suites with a banner — never a silent pass.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Context } from "mocha";

export interface RedisServer {
  /** redis://127.0.0.1:<port> (or the external REDIS_URL). */
  readonly url: string;
  readonly port: number;
  /** True when REDIS_URL pointed at a server this harness does not own (stop/start unavailable). */
  readonly external: boolean;
  /** Kills the server (SIGTERM, then SIGKILL) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits for PING. */
  start(): Promise<void>;
  /** Stops it for good (idempotent). */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Path of redis-server, or null when it is not installed. REDIS_SERVER_BIN overrides the search
 * (a path, or "none" to behave as if it were missing — to check the skip and CI paths).
 */
export function findRedisServer(): string | null {
  const override = process.env.REDIS_SERVER_BIN?.trim();
  if (override) return override === "none" ? null : override;
  const dirs = (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"]);
  for (const dir of dirs) {
    const candidate = path.join(dir, "redis-server");
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** A port nobody was listening on a moment ago (bind to 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One raw PING over TCP (no client library involved): true on "+PONG". */
export async function ping(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answer = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
  });
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

class LocalRedisServer implements RedisServer {
  readonly external = false;
  private child: ChildProcess | undefined;
  private closed = false;

  constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.closed) throw new Error("redis test server was closed");
    if (this.child) return;
    const child = spawn(
      this.binary,
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir(), "--protected-mode", "yes"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    let exited = false;
    child.once("exit", () => {
      exited = true;
      running.delete(child);
      if (this.child === child) this.child = undefined;
    });
    child.once("error", () => {
      exited = true;
    });
    this.child = child;
    running.add(child);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exited) break;
      if (await ping("127.0.0.1", this.port)) return;
      await sleep(25);
    }
    child.kill("SIGKILL");
    throw new Error(`redis-server on port ${this.port} did not answer PING within ${START_TIMEOUT_MS} ms:\n${output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(killer);
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    this.closed = true;
  }
}

class ExternalRedisServer implements RedisServer {
  readonly external = true;
  readonly port: number;
  constructor(readonly url: string) {
    this.port = Number(new URL(url).port || 6379);
  }
  async stop(): Promise<void> {
    throw new Error("cannot stop an external Redis (REDIS_URL is set)");
  }
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * Starts a redis-server for a suite. Returns null when none can be had locally (the caller
 * skips loudly); throws in CI, where a missing Redis must fail the build.
 */
export async function startRedisServer(options: { allowExternal?: boolean } = {}): Promise<RedisServer | null> {
  const externalUrl = process.env.REDIS_URL?.trim();
  if (externalUrl && options.allowExternal !== false) return new ExternalRedisServer(externalUrl);
  const binary = findRedisServer();
  if (!binary) {
    if (process.env.CI) {
      throw new Error("redis-server is not installed and REDIS_URL is not set: the Redis suites cannot run in CI");
    }
    return null;
  }
  const server = new LocalRedisServer(binary, await freePort());
  await server.start();
  return server;
}

export function skipBanner(suite: string, reason: string): string {
  const line = "!".repeat(78);
  return `\n${line}\n!! SKIPPED: ${suite}\n!! ${reason}\n!! Install redis-server (apt-get install redis-server) or set REDIS_URL to run it.\n${line}\n`;
}

/**
 * Mocha helper: in a `describe`, starts a server before the suite and stops it after. When no
 * server can be had (locally), every test of the suite is skipped with a loud banner.
 * `needsOwnServer` refuses an external REDIS_URL (outage tests must stop and restart it).
 */
export function useRedisServer(options: { needsOwnServer?: boolean } = {}): () => RedisServer {
  let server: RedisServer | null = null;
  before(async function (this: Context) {
    this.timeout(START_TIMEOUT_MS + 5000);
    const title = this.test?.parent?.fullTitle() ?? "Redis suite";
    const wantsOwn = options.needsOwnServer === true;
    server = await startRedisServer({ allowExternal: !wantsOwn });
    if (!server) {
      console.warn(
        skipBanner(
          title,
          wantsOwn
            ? "redis-server was not found on PATH (this suite stops and restarts Redis, so REDIS_URL cannot stand in)"
            : "redis-server was not found on PATH and REDIS_URL is not set",
        ),
      );
      this.skip();
    }
  });
  after(async () => {
    await server?.close();
    server = null;
  });
  return () => {
    if (!server) throw new Error("the Redis test server is not running (was the suite skipped?)");
    return server;
  };
}
