import { HandoffRequest } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AccountIndex, HandoffQueue } from "../types.js";
import { compareHandoffs } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

/**
 * Requests by id; a conversation has at most one open (waiting or claimed) request, which is
 * what `activeFor` returns. Closing a request takes it out of the open list. Records expire
 * `ttlMs` after their last change (POLICY §8), as in Redis.
 */
export class MemoryHandoffQueue implements HandoffQueue {
  private readonly requests: ExpiringMap<string>;
  private readonly active: ExpiringMap<string>;
  private readonly ofConversation: ExpiringMap<Set<string>>;

  constructor(
    ttlMs = Number.MAX_SAFE_INTEGER / 4,
    now: () => number = Date.now,
    private readonly accounts?: AccountIndex,
  ) {
    this.requests = new ExpiringMap(ttlMs, now);
    this.active = new ExpiringMap(ttlMs, now);
    this.ofConversation = new ExpiringMap(ttlMs, now);
  }

  async enqueue(request: HandoffRequest): Promise<void> {
    const valid = HandoffRequest.parse(request);
    if (this.requests.has(valid.id)) throw new XieshangError("conflict", `handoff request ${valid.id} already exists`);
    if (valid.status !== "closed") {
      const open = this.active.get(valid.conversationId);
      if (open !== undefined) {
        throw new XieshangError("conflict", `conversation already has an open handoff request (${open})`);
      }
      this.active.set(valid.conversationId, valid.id);
    }
    this.requests.set(valid.id, JSON.stringify(valid));
    const ids = this.ofConversation.get(valid.conversationId) ?? new Set<string>();
    this.ofConversation.set(valid.conversationId, ids.add(valid.id));
    if (valid.accountId) await this.accounts?.link(valid.accountId, valid.conversationId);
  }

  async get(id: string): Promise<HandoffRequest | null> {
    const json = this.requests.get(id);
    return json === undefined ? null : (JSON.parse(json) as HandoffRequest);
  }

  async activeFor(conversationId: string): Promise<HandoffRequest | null> {
    const id = this.active.get(conversationId);
    return id === undefined ? null : this.get(id);
  }

  async listOpen(): Promise<HandoffRequest[]> {
    const open: HandoffRequest[] = [];
    for (const [, id] of this.active.entries()) {
      const request = await this.get(id);
      if (request) open.push(request);
    }
    return open.sort(compareHandoffs);
  }

  async setStatus(id: string, status: HandoffRequest["status"]): Promise<void> {
    const request = await this.get(id);
    if (!request) throw new XieshangError("not_found", `no handoff request ${id}`);
    const activeId = this.active.get(request.conversationId);
    if (status === "closed") {
      if (activeId === id) this.active.delete(request.conversationId);
    } else if (activeId === undefined || activeId === id) {
      this.active.set(request.conversationId, id);
    } else {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${activeId})`);
    }
    this.requests.set(id, JSON.stringify({ ...request, status }));
    this.ofConversation.touch(request.conversationId);
  }

  /** Erasure: deletes every request of the conversation; returns how many. */
  dropConversation(conversationId: string): number {
    const ids = this.ofConversation.get(conversationId) ?? new Set<string>();
    let n = 0;
    for (const id of ids) if (this.requests.delete(id)) n++;
    this.active.delete(conversationId);
    this.ofConversation.delete(conversationId);
    return n;
  }
}
