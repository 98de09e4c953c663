import type { KeyValueStorage, StoredJson, StoreItems } from "../types.js";
import { etagConflict, needsEtagCheck, requireChanges, requireKeys, serialiseItem } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

interface Stored {
  json: string;
  eTag: string;
}

/**
 * botbuilder's MemoryStorage semantics, plus an all-or-nothing batch: every eTag in a write is
 * checked before anything is stored. Items are copied through JSON on the way in and out, and
 * expire `ttlMs` after they were last written or read (POLICY §8), as in Redis.
 */
export class MemoryKeyValueStorage implements KeyValueStorage {
  private readonly items: ExpiringMap<Stored>;
  private nextEtag = 1;

  constructor(ttlMs = Number.MAX_SAFE_INTEGER / 4, now: () => number = Date.now) {
    this.items = new ExpiringMap(ttlMs, now);
  }

  async read(keys: string[]): Promise<StoreItems> {
    requireKeys(keys);
    const out: StoreItems = {};
    for (const key of keys) {
      const stored = this.items.get(key);
      if (stored) {
        this.items.touch(key);
        out[key] = { ...(JSON.parse(stored.json) as object), eTag: stored.eTag };
      }
    }
    return out;
  }

  async readJson(key: string): Promise<StoredJson | undefined> {
    requireKeys([key]);
    const stored = this.items.get(key);
    if (!stored) return undefined;
    this.items.touch(key);
    return { json: stored.json, eTag: stored.eTag };
  }

  async writeJson(key: string, json: string, eTag: string | undefined): Promise<void> {
    requireKeys([key]);
    this.writePrepared([{ key, json, eTag }]);
  }

  async write(changes: StoreItems): Promise<void> {
    requireChanges(changes);
    this.writePrepared(Object.keys(changes).map((key) => ({ key, ...serialiseItem(key, changes[key]) })));
  }

  private writePrepared(prepared: Array<{ key: string; json: string; eTag: string | undefined }>): void {
    for (const { key, eTag } of prepared) {
      const current = this.items.get(key);
      if (current && needsEtagCheck(eTag) && eTag !== current.eTag) throw etagConflict(key);
    }
    for (const { key, json } of prepared) {
      this.items.set(key, { json, eTag: String(this.nextEtag++) });
    }
  }

  async delete(keys: string[]): Promise<void> {
    requireKeys(keys);
    for (const key of keys) this.items.delete(key);
  }

  /** Erasure: deletes every key the predicate accepts; returns how many. */
  deleteWhere(accept: (key: string) => boolean): number {
    const doomed = [...this.items.entries()].map(([key]) => key).filter(accept);
    for (const key of doomed) this.items.delete(key);
    return doomed.length;
  }
}
