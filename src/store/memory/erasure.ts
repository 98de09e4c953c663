import type { AccountIndex, Erasure, ErasureResult, VerificationMarkers } from "../types.js";
import { ExpiringMap } from "./expiring.js";
import type { MemoryKeyValueStorage } from "./storage.js";
import type { MemoryTranscriptStore } from "./transcript.js";
import type { MemoryReferenceStore } from "./references.js";
import type { MemoryHandoffQueue } from "./handoffs.js";
import type { MemoryDeskStore } from "./desk.js";

export class MemoryAccountIndex implements AccountIndex {
  private readonly index: ExpiringMap<Set<string>>;

  constructor(ttlMs = Number.MAX_SAFE_INTEGER / 4, now: () => number = Date.now) {
    this.index = new ExpiringMap(ttlMs, now);
  }

  async link(accountId: string, conversationId: string): Promise<void> {
    const set = this.index.get(accountId) ?? new Set<string>();
    this.index.set(accountId, set.add(conversationId));
  }

  async conversationsOf(accountId: string): Promise<string[]> {
    return [...(this.index.get(accountId) ?? [])].sort();
  }

  forget(accountId: string): void {
    this.index.delete(accountId);
  }
}

/** The in-memory twin of RedisErasure: the same things deleted, the same things kept. */
export class MemoryErasure implements Erasure {
  constructor(
    private readonly parts: {
      storage: MemoryKeyValueStorage;
      transcripts: MemoryTranscriptStore;
      references: MemoryReferenceStore;
      handoffs: MemoryHandoffQueue;
      accountIndex: MemoryAccountIndex;
      verifying: VerificationMarkers;
      desk: MemoryDeskStore;
    },
  ) {}

  async eraseConversation(conversationId: string): Promise<ErasureResult> {
    const { count: transcripts, userIds } = this.parts.transcripts.drop(conversationId);
    // botbuilder: "<channel>/conversations/<id>/<namespace>" and "<channel>/users/<user id>/<namespace>".
    const owned = [`/conversations/${conversationId}`, ...userIds.map((u) => `/users/${u}`)];
    const states = this.parts.storage.deleteWhere((key) => {
      const slash = key.indexOf("/");
      const rest = slash < 0 ? key : key.slice(slash);
      return owned.some((o) => rest === o || rest.startsWith(`${o}/`));
    });
    const references = this.parts.references.drop(conversationId);
    const dropped = this.parts.handoffs.dropConversation(conversationId);
    const notes = dropped.reduce((n, id) => n + this.parts.desk.dropNotes(id), 0);
    // The desk's event log holds the conversation's lines too (the agent stream's copy).
    this.parts.desk.dropEvents(conversationId);
    await this.parts.verifying.clear(conversationId);
    return { transcripts, states, references, handoffs: dropped.length, notes };
  }

  async forgetAccount(accountId: string): Promise<void> {
    this.parts.accountIndex.forget(accountId);
  }
}
