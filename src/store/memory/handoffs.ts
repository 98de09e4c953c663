import { HandoffRequest } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { HandoffQueue } from "../types.js";
import { compareHandoffs } from "../shared.js";

/**
 * Requests by id; a conversation has at most one open (waiting or claimed) request, which is
 * what `activeFor` returns. Closing a request takes it out of the open list.
 */
export class MemoryHandoffQueue implements HandoffQueue {
  private readonly requests = new Map<string, string>();
  private readonly active = new Map<string, string>();

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
    for (const id of this.active.values()) {
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
    } else if (activeId === undefined) {
      this.active.set(request.conversationId, id);
    } else if (activeId !== id) {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${activeId})`);
    }
    this.requests.set(id, JSON.stringify({ ...request, status }));
  }
}
