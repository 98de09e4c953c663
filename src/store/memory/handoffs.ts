import { HandoffRequest, isOpenStatus } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AccountIndex, HandoffQueue } from "../types.js";
import { compareHandoffs } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

interface Stored {
  json: string;
  version: number;
}

/**
 * Requests by id; a conversation has at most one open (waiting or claimed) request, which is
 * what `activeFor` returns. Returning or closing a request takes it out of the open list. Every
 * write bumps the request's version (compare-and-set through `replace`). Records expire `ttlMs`
 * after their last change (POLICY §8), as in Redis.
 */
export class MemoryHandoffQueue implements HandoffQueue {
  private readonly requests: ExpiringMap<Stored>;
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
    if (isOpenStatus(valid.status)) {
      const open = this.active.get(valid.conversationId);
      if (open !== undefined) {
        throw new XieshangError("conflict", `conversation already has an open handoff request (${open})`);
      }
      this.active.set(valid.conversationId, valid.id);
    }
    this.requests.set(valid.id, { json: JSON.stringify(valid), version: 1 });
    const ids = this.ofConversation.get(valid.conversationId) ?? new Set<string>();
    this.ofConversation.set(valid.conversationId, ids.add(valid.id));
    if (valid.accountId) await this.accounts?.link(valid.accountId, valid.conversationId);
  }

  async get(id: string): Promise<HandoffRequest | null> {
    const stored = this.requests.get(id);
    return stored === undefined ? null : (JSON.parse(stored.json) as HandoffRequest);
  }

  async getVersioned(id: string): Promise<{ request: HandoffRequest; version: number } | null> {
    const stored = this.requests.get(id);
    return stored === undefined ? null : { request: JSON.parse(stored.json) as HandoffRequest, version: stored.version };
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
    const stored = await this.getVersioned(id);
    if (!stored) throw new XieshangError("not_found", `no handoff request ${id}`);
    this.write({ ...stored.request, status }, stored.version);
  }

  async replace(request: HandoffRequest, expectedVersion: number): Promise<boolean> {
    const valid = HandoffRequest.parse(request);
    const stored = this.requests.get(valid.id);
    if (!stored) throw new XieshangError("not_found", `no handoff request ${valid.id}`);
    if (stored.version !== expectedVersion) return false;
    this.write(valid, stored.version);
    return true;
  }

  /** Stores the request with the next version, keeping the conversation's active id in step with its status. */
  private write(request: HandoffRequest, version: number): void {
    const activeId = this.active.get(request.conversationId);
    if (!isOpenStatus(request.status)) {
      if (activeId === request.id) this.active.delete(request.conversationId);
    } else if (activeId === undefined || activeId === request.id) {
      this.active.set(request.conversationId, request.id);
    } else {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${activeId})`);
    }
    this.requests.set(request.id, { json: JSON.stringify(request), version: version + 1 });
    this.ofConversation.touch(request.conversationId);
  }

  /** Erasure: deletes every request of the conversation; returns the ids deleted. */
  dropConversation(conversationId: string): string[] {
    const ids = this.ofConversation.get(conversationId) ?? new Set<string>();
    const dropped: string[] = [];
    for (const id of ids) if (this.requests.delete(id)) dropped.push(id);
    this.active.delete(conversationId);
    this.ofConversation.delete(conversationId);
    return dropped;
  }
}
