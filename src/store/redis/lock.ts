import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { XieshangError } from "../../errors.js";
import type { TurnLock } from "../types.js";
import { KeyedMutex } from "../memory/mutex.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
const RENEW_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

export interface RedisTurnLockOptions {
  /** How long a held lock lives without renewal (a crashed holder frees it after this). */
  ttlMs?: number;
  /** Longest wait for the lock before XieshangError("unavailable"). */
  waitMs?: number;
  /** Polling backoff bounds while another instance holds the lock. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * A per-conversation lock across instances: SET NX PX with a random token, renewed while the turn
 * runs, released by compare-and-delete. Callers in the same process first queue on a local
 * mutex, so only one of them at a time polls Redis and they keep their arrival order.
 * Not re-entrant.
 */
export class RedisTurnLock implements TurnLock {
  private readonly local = new KeyedMutex();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly warn: (message: string) => void,
    options: RedisTurnLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.waitMs = options.waitMs ?? 15_000;
    this.retryMinMs = options.retryMinMs ?? 10;
    this.retryMaxMs = options.retryMaxMs ?? 200;
  }

  async withLock<T>(conversationId: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitMs;
    const releaseLocal = await this.local.acquire(conversationId, this.waitMs);
    try {
      const key = this.keys.lock(conversationId);
      const token = randomUUID();
      await this.acquire(key, token, deadline);
      const held = { done: false };
      const renewal = setInterval(() => void this.renew(key, token, held), Math.max(50, Math.floor(this.ttlMs / 3)));
      renewal.unref();
      try {
        return await fn();
      } finally {
        held.done = true;
        clearInterval(renewal);
        await this.release(key, token);
      }
    } finally {
      releaseLocal();
    }
  }

  private async acquire(key: string, token: string, deadline: number): Promise<void> {
    let pause = this.retryMinMs;
    for (;;) {
      const ok = await this.conn.run("lock", () => this.conn.client.set(key, token, { condition: "NX", expiration: { type: "PX", value: this.ttlMs } }));
      if (ok === "OK") return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new XieshangError("unavailable", `timed out after ${this.waitMs} ms waiting for the turn lock`);
      }
      await sleep(Math.min(left, Math.round(pause / 2 + Math.random() * pause)));
      pause = Math.min(pause * 2, this.retryMaxMs);
    }
  }

  private async renew(key: string, token: string, held: { done: boolean }): Promise<void> {
    try {
      const kept = await this.conn.guard("lock renew", () => RENEW_SCRIPT.run(this.conn.client, [key], [token, String(this.ttlMs)]));
      if (Number(kept) !== 1 && !held.done) this.warn("a turn outlived its lock (it expired before renewal); turns may have overlapped");
    } catch {
      // Redis away: the lock may expire; the turn's own store calls will fail and report it.
    }
  }

  private async release(key: string, token: string): Promise<void> {
    try {
      await this.conn.guard("lock release", () => RELEASE_SCRIPT.run(this.conn.client, [key], [token]));
    } catch {
      // Redis away: the lock expires by itself after ttlMs.
    }
  }
}
