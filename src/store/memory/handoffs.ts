import { HandoffRequest, isOpenStatus } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { HandoffQueue } from "../types.js";
import { compareHandoffs } from "../shared.js";

/**
 * Requests by id; a conversation has at most one open (waiting or claimed) request, which is
 * what `activeFor` returns. Returning or closing a request takes it out of the open list. Every
 * write bumps the request's version (compare-and-set through `replace`).
 */
export class MemoryHandoffQueue implements HandoffQueue {
  private readonly requests = new Map<string, { json: string; version: number }>();
  private readonly active = new Map<string, string>();

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
    for (const id of this.active.values()) {
      const request = await this.get(id);
      if (request) open.push(request);
    }
    return open.sort(compareHandoffs);
  }

  async setStatus(id: string, status: HandoffRequest["status"]): Promise<void> {
    const stored = await this.getVersioned(id);
    if (!stored) throw new XieshangError("not_found", `no handoff request ${id}`);
    if (!this.place(stored.request, status)) {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${this.active.get(stored.request.conversationId)})`);
    }
    this.requests.set(id, { json: JSON.stringify({ ...stored.request, status }), version: stored.version + 1 });
  }

  async replace(request: HandoffRequest, expectedVersion: number): Promise<boolean> {
    const valid = HandoffRequest.parse(request);
    const stored = this.requests.get(valid.id);
    if (!stored) throw new XieshangError("not_found", `no handoff request ${valid.id}`);
    if (stored.version !== expectedVersion) return false;
    if (!this.place(valid, valid.status)) {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${this.active.get(valid.conversationId)})`);
    }
    this.requests.set(valid.id, { json: JSON.stringify(valid), version: stored.version + 1 });
    return true;
  }

  /** Keeps the conversation's active id in step with the status; false when another request is open. */
  private place(request: HandoffRequest, status: HandoffRequest["status"]): boolean {
    const activeId = this.active.get(request.conversationId);
    if (!isOpenStatus(status)) {
      if (activeId === request.id) this.active.delete(request.conversationId);
      return true;
    }
    if (activeId !== undefined && activeId !== request.id) return false;
    this.active.set(request.conversationId, request.id);
    return true;
  }
}
