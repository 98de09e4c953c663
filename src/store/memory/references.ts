import type { ReferenceStore } from "../types.js";
import { jsonClone } from "../shared.js";

export class MemoryReferenceStore implements ReferenceStore {
  private readonly refs = new Map<string, string>();

  async save(conversationId: string, reference: Record<string, unknown>): Promise<void> {
    this.refs.set(conversationId, JSON.stringify(reference));
  }

  async get(conversationId: string): Promise<Record<string, unknown> | null> {
    const json = this.refs.get(conversationId);
    return json === undefined ? null : jsonClone(JSON.parse(json) as Record<string, unknown>);
  }
}
