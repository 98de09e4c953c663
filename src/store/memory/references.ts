import type { ReferenceStore } from "../types.js";
import { jsonClone } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

/** References expire with the transcript (each transcript append touches them). */
export class MemoryReferenceStore implements ReferenceStore {
  private readonly refs: ExpiringMap<string>;

  constructor(ttlMs = Number.MAX_SAFE_INTEGER / 4, now: () => number = Date.now) {
    this.refs = new ExpiringMap(ttlMs, now);
  }

  async save(conversationId: string, reference: Record<string, unknown>): Promise<void> {
    this.refs.set(conversationId, JSON.stringify(reference));
  }

  async get(conversationId: string): Promise<Record<string, unknown> | null> {
    const json = this.refs.get(conversationId);
    return json === undefined ? null : jsonClone(JSON.parse(json) as Record<string, unknown>);
  }

  touch(conversationId: string): void {
    this.refs.touch(conversationId);
  }

  drop(conversationId: string): number {
    return this.refs.delete(conversationId) ? 1 : 0;
  }
}
