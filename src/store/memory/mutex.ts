import { XieshangError } from "../../errors.js";

/**
 * An in-process, per-key FIFO mutex. Waiters queue behind each other; an optional bound on the
 * wait turns a stuck predecessor into XieshangError("unavailable") instead of a hang. Not
 * re-entrant: calling `run` for a key from inside `run` for the same key waits for itself.
 */
export class KeyedMutex {
  /** The tail of each key's queue: resolves when the last queued holder has released. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Number of keys with a holder or waiters (for tests and leak checks). */
  get size(): number {
    return this.tails.size;
  }

  /**
   * Waits for the key (at most `waitMs`, when given), then runs `fn` while holding it. Returns a
   * release function; the caller must call it exactly once.
   */
  async acquire(key: string, waitMs?: number): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    // Forget the key once nobody is queued behind us, so the map does not grow forever.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });

    if (waitMs === undefined || !Number.isFinite(waitMs) || waitMs > 2_147_483_647) {
      await previous;
      return once(release);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), waitMs);
    });
    const outcome = await Promise.race([previous.then(() => "acquired" as const), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      // Keep our place consistent: when our turn comes, pass it straight on.
      void previous.then(() => release());
      throw new XieshangError("unavailable", `timed out after ${waitMs} ms waiting for the turn lock`);
    }
    return once(release);
  }

  async run<T>(key: string, fn: () => Promise<T>, waitMs?: number): Promise<T> {
    const release = await this.acquire(key, waitMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
