import { createClient, ErrorReply, type RedisClientType } from "redis";
import { XieshangError } from "../../errors.js";
import { closeClient } from "./closeClient.js";
import { createLogger } from "../../log.js";

export type RedisClient = RedisClientType;
export type StoreLog = (level: "info" | "warn", message: string) => void;

export interface RedisConnectionOptions {
  /** Start-up: give up after this long (and stop every retry). Also the per-attempt socket timeout. */
  connectTimeoutMs: number;
  /**
   * An operation (one command or a batch) without an answer within this long rejects with
   * "unavailable" (a half-open socket never hangs a turn). One watchdog per connection checks it,
   * instead of node-redis' per-command AbortSignal.timeout (a timer and an AbortSignal per command).
   */
  commandTimeoutMs: number;
  /** Longest pause between reconnection attempts once running (exponential backoff up to this). */
  maxReconnectDelayMs: number;
  log: StoreLog;
  /** Called with the operation's name whenever a store operation fails in Redis (metrics). */
  onError?: (operation: string) => void;
}

/** Without a logger from compose: warnings as structured lines on standard error. */
const fallback = createLogger("warn");
export const defaultLog: StoreLog = (level, message) => fallback[level]("store", { message });

/** "host:port" of a Redis URL, never with the user name or password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || "localhost";
    return `${host}:${u.port || "6379"}`;
  } catch {
    return "<invalid REDIS_URL>";
  }
}

function secretsOf(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password), u.username]
      .filter((s) => s.length >= 3);
  } catch {
    return [];
  }
}

function redact(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join("***");
  return out;
}

interface PendingOp {
  since: number;
  what: string;
  reject: (error: Error) => void;
}

/** Server replies that mean "not now" rather than "you asked something wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|OOM|NOREPLICAS)\b/;

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.message) return error.message;
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : error.name;
  }
  return String(error);
}

/**
 * Two node-redis connections (commands, and a subscriber for pub/sub) with the failure policy the
 * design asks for: bounded start-up, no offline queue (commands fail fast while Redis is away),
 * an operation timeout (one watchdog timer, see guard), an 'error' listener on everything, and reconnection with capped backoff.
 */
export class RedisConnection {
  private closing = false;
  private up = false;
  private readonly secrets: string[];
  /** Operations in flight (see guard): the watchdog rejects those older than commandTimeoutMs. */
  private readonly pending = new Set<PendingOp>();
  private watchdog: NodeJS.Timeout | undefined;
  private readonly watchEveryMs: number;

  private constructor(
    readonly client: RedisClient,
    readonly subscriber: RedisClient,
    readonly where: string,
    private readonly log: StoreLog,
    secrets: string[],
    private readonly commandTimeoutMs: number,
    private readonly onError: (operation: string) => void = () => {},
  ) {
    this.secrets = secrets;
    this.watchEveryMs = Math.max(10, Math.floor(commandTimeoutMs / 4));
  }

  static async open(url: string, options: RedisConnectionOptions): Promise<RedisConnection> {
    const where = describeRedisUrl(url);
    const secrets = secretsOf(url);
    const deadline = Date.now() + options.connectTimeoutMs;
    let conn: RedisConnection | undefined;

    const socket = (state: { ready: boolean; lastCause?: unknown }) => ({
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries: number, cause: Error): number | false | Error => {
        state.lastCause = cause;
        if (conn?.closing) return false;
        if (!state.ready) {
          // Still starting: retry quickly until the start-up deadline, then stop for good.
          const delay = Math.min(50 * 2 ** retries, 500);
          return Date.now() + delay >= deadline ? new Error(errorMessage(cause)) : delay;
        }
        const base = Math.min(100 * 2 ** Math.min(retries, 16), options.maxReconnectDelayMs);
        return Math.round(base / 2 + Math.random() * (base / 2));
      },
    });

    const mainState = { ready: false as boolean, lastCause: undefined as unknown };
    const client: RedisClient = createClient({
      url,
      socket: socket(mainState),
      disableOfflineQueue: true,
      // 0: no per-command AbortSignal.timeout (node-redis' default is 5 s); the watchdog bounds operations.
      commandOptions: { timeout: 0 },
    });
    const subState = { ready: false as boolean, lastCause: undefined as unknown };
    const subscriber: RedisClient = client.duplicate({
      socket: socket(subState),
      disableOfflineQueue: true,
      commandOptions: { timeout: 0 },
    });

    conn = new RedisConnection(client, subscriber, where, options.log, secrets, options.commandTimeoutMs, options.onError);
    conn.watch(client, "commands", mainState);
    conn.watch(subscriber, "subscriber", subState);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${options.connectTimeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      await Promise.race([Promise.all([client.connect(), subscriber.connect()]), timeout]);
      conn.up = true;
      return conn;
    } catch (error) {
      conn.closing = true;
      for (const c of [client, subscriber]) {
        try {
          c.destroy();
        } catch {
          /* already closed */
        }
      }
      const cause = mainState.lastCause ?? subState.lastCause ?? error;
      throw new XieshangError(
        "unavailable",
        `Redis at ${where} is unreachable: ${redact(errorMessage(cause), secrets)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private watch(client: RedisClient, name: string, state: { ready: boolean; lastCause?: unknown }): void {
    let lost = false;
    // Without an 'error' listener node-redis errors would crash the process.
    client.on("error", (error: unknown) => {
      state.lastCause = error;
      if (this.closing || !state.ready || lost) return;
      lost = true;
      this.up = false;
      this.log("warn", `Redis ${name} connection to ${this.where} lost (${this.safe(error)}); reconnecting`);
    });
    client.on("ready", () => {
      const wasLost = lost;
      state.ready = true;
      lost = false;
      this.up = this.client.isReady && this.subscriber.isReady;
      if (wasLost) this.log("info", `Redis ${name} connection to ${this.where} restored`);
    });
    client.on("end", () => {
      this.up = false;
    });
  }

  private safe(error: unknown): string {
    return redact(errorMessage(error), this.secrets);
  }

  /** Runs one store operation, turning connection failures into XieshangError("unavailable"). */
  async run<T>(what: string, op: () => Promise<T>): Promise<T> {
    if (this.closing) throw new XieshangError("unavailable", `store is closed (${what})`);
    try {
      return await this.guard(what, op);
    } catch (error) {
      this.onError(what);
      throw this.translate(what, error);
    }
  }

  /**
   * Bounds one operation (however many commands it sends) by commandTimeoutMs: it rejects with
   * "unavailable" once older than that (checked every commandTimeoutMs / 4, so within 1.25×).
   * Like node-redis' own command timeout, a late reply is then simply ignored. A closed or
   * refused connection needs no watchdog: with the offline queue disabled node-redis rejects
   * at once.
   */
  guard<T>(what: string, op: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: PendingOp = { since: Date.now(), what, reject };
      const pending = this.pending;
      pending.add(entry);
      if (!this.watchdog) this.startWatchdog();
      let result: Promise<T>;
      try {
        result = op();
      } catch (error) {
        pending.delete(entry);
        reject(error);
        return;
      }
      result.then(
        (value) => {
          pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  private startWatchdog(): void {
    this.watchdog = setInterval(() => {
      const now = Date.now();
      for (const op of this.pending) {
        if (now - op.since < this.commandTimeoutMs) break; // insertion order: the rest are younger
        this.pending.delete(op);
        op.reject(new XieshangError("unavailable", `Redis at ${this.where} did not answer within ${this.commandTimeoutMs} ms (${op.what})`));
      }
      if (this.pending.size === 0 && this.watchdog) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
      }
    }, this.watchEveryMs);
    this.watchdog.unref();
  }

  translate(what: string, error: unknown): Error {
    if (error instanceof XieshangError) return error;
    if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) return error;
    return new XieshangError("unavailable", `Redis at ${this.where} is unavailable (${what}): ${this.safe(error)}`);
  }

  async healthy(): Promise<boolean> {
    if (this.closing || !this.client.isReady || !this.subscriber.isReady) return false;
    try {
      await this.guard("ping", () => this.client.ping());
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    await Promise.all([this.client, this.subscriber].map((c) => closeClient(c)));
  }
}
