import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { XieshangError } from "../../errors.js";
import type { TurnLease, TurnLock } from "../types.js";
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

/** How long a lock lives without renewal: a dead instance's lock is free again after at most this. */
export const DEFAULT_LOCK_TTL_MS = 1800;
/** Renewals per TTL: a holder survives a stall of up to (1 − 1/RENEWALS_PER_TTL) of the TTL. */
const RENEWALS_PER_TTL = 6;
/** Longest pause between two tries while another instance holds the lock. */
export const DEFAULT_LOCK_RETRY_MAX_MS = 200;

export interface RedisTurnLockOptions {
  /** How long a held lock lives without renewal (a crashed holder frees it after this). Default 1800 ms; renewed every sixth of it. */
  ttlMs?: number;
  /** Longest wait for the lock before XieshangError("unavailable"). */
  waitMs?: number;
  /** Polling backoff bounds while another instance holds the lock. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * A per-conversation lock across instances: SET NX PX with a random token (a short lease),
 * renewed every sixth of its TTL while the turn runs, released by compare-and-delete. A killed
 * instance stops renewing, so its lock is free within ttlMs (and a waiter notices within
 * retryMaxMs more). Callers in the same process first queue on a local mutex, so only one of
 * them at a time polls Redis and they keep their arrival order. Not re-entrant.
 */
export class RedisTurnLock implements TurnLock {
  private readonly local = new KeyedMutex();
  readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly retryMinMs: number;
  readonly retryMaxMs: number;

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly warn: (message: string) => void,
    options: RedisTurnLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    this.waitMs = options.waitMs ?? 15_000;
    this.retryMinMs = options.retryMinMs ?? 10;
    this.retryMaxMs = options.retryMaxMs ?? DEFAULT_LOCK_RETRY_MAX_MS;
  }

  async withLock<T>(conversationId: string, fn: (lease: TurnLease) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitMs;
    const releaseLocal = await this.local.acquire(conversationId, this.waitMs);
    try {
      const key = this.keys.lock(conversationId);
      const token = randomUUID();
      const held = { done: false, lost: false, confirmedAt: Date.now() };
      await this.acquire(key, token, deadline);
      held.confirmedAt = Date.now();
      const renewal = setInterval(() => void this.renew(key, token, held), Math.max(50, Math.floor(this.ttlMs / RENEWALS_PER_TTL)));
      renewal.unref();
      const lease: TurnLease = { confirm: () => this.confirm(key, token, held) };
      try {
        return await fn(lease);
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

  private async renew(key: string, token: string, held: { done: boolean; lost: boolean; confirmedAt: number }): Promise<void> {
    const sent = Date.now();
    try {
      const kept = await this.conn.guard("lock renew", () => RENEW_SCRIPT.run(this.conn.client, [key], [token, String(this.ttlMs)]));
      if (Number(kept) === 1) held.confirmedAt = sent;
      else if (!held.done) {
        // Expired before this renewal (a stall): the next confirm() takes it again if it is free.
        held.confirmedAt = 0;
        this.warn("a turn outlived its lock (it expired before renewal); it continues only if nobody took the lock");
      }
    } catch {
      // Redis away: the lock may expire; the turn's own store calls will fail and report it.
    }
  }

  /** Cheap while renewals keep up; after a stall, one compare against Redis (and a renewal). */
  private async confirm(key: string, token: string, held: { lost: boolean; confirmedAt: number }): Promise<void> {
    const lostError = () => new XieshangError("unavailable", "the turn lock expired before the turn finished; not committed");
    if (held.lost) throw lostError();
    // A margin of a third of the TTL for the commit that follows.
    if (Date.now() - held.confirmedAt < (this.ttlMs * 2) / 3) return;
    const sent = Date.now();
    const kept = await this.conn.run("lock confirm", () => RENEW_SCRIPT.run(this.conn.client, [key], [token, String(this.ttlMs)]));
    if (Number(kept) !== 1) {
      // Expired during a stall. Nobody holds it now → take it again and carry on (had another
      // turn run meanwhile, the state's compare-and-set refuses this turn's save). Held by
      // another instance → this turn stops.
      const again = await this.conn.run("lock", () => this.conn.client.set(key, token, { condition: "NX", expiration: { type: "PX", value: this.ttlMs } }));
      if (again !== "OK") {
        held.lost = true;
        throw lostError();
      }
    }
    held.confirmedAt = sent;
  }

  private async release(key: string, token: string): Promise<void> {
    try {
      await this.conn.guard("lock release", () => RELEASE_SCRIPT.run(this.conn.client, [key], [token]));
    } catch {
      // Redis away: the lock expires by itself after ttlMs.
    }
  }
}
