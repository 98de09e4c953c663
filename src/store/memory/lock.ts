import type { TurnLease, TurnLock } from "../types.js";
import { KeyedMutex } from "./mutex.js";

export interface MemoryTurnLockOptions {
  /** Give up (XieshangError "unavailable") after waiting this long. Default 15 000 ms, as in Redis; Infinity = wait as long as it takes. */
  waitMs?: number;
}

/** One process, one queue per conversation: turns run one after another, in arrival order. */
export class MemoryTurnLock implements TurnLock {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly options: MemoryTurnLockOptions = {}) {}

  withLock<T>(conversationId: string, fn: (lease: TurnLease) => Promise<T>): Promise<T> {
    return this.mutex.run(conversationId, () => fn(HELD), this.options.waitMs ?? 15_000);
  }
}

/** In one process a held mutex cannot be lost. */
const HELD: TurnLease = {
  confirm: async () => {},
};
