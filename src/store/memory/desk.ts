import type { DeskEventEntry, DeskStore } from "../types.js";
import { compareStreamIds, eventOf, parseStreamId, type StreamId } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

type Kind = "decision" | "approval";


/** The desk's records in this process (one instance). Event ids look like Redis stream ids. */
export class MemoryDeskStore implements DeskStore {
  private readonly events: Array<{ id: string; at: StreamId; json: string }> = [];
  private last: StreamId = { ms: 0, seq: 0 };
  private readonly sessions = new Map<string, { json: string; expiresAtMs: number }>();
  private readonly present = new Map<string, number>();
  /** Notes and decisions carry borrower facts: kept as long as a transcript (POLICY §8), as in Redis. */
  private readonly notes: ExpiringMap<string[]>;
  private readonly decisions: ExpiringMap<string>;
  /** Approvals are the bank's records. */
  private readonly approvals: ExpiringMap<string>;
  private readonly approvalIds: string[] = [];
  private readonly outbox = new Map<string, { dueAtMs: number; json: string }>();

  constructor(
    private readonly maxEvents = 20_000,
    private readonly now: () => number = Date.now,
    private readonly transcriptMs = Number.MAX_SAFE_INTEGER / 4,
    recordsMs = Number.MAX_SAFE_INTEGER / 4,
  ) {
    this.notes = new ExpiringMap(transcriptMs, now);
    this.decisions = new ExpiringMap(transcriptMs, now);
    this.approvals = new ExpiringMap(recordsMs, now);
  }

  private records(kind: Kind): ExpiringMap<string> {
    return kind === "approval" ? this.approvals : this.decisions;
  }

  async appendEvent(json: string): Promise<string> {
    const ms = this.now();
    const at = ms > this.last.ms ? { ms, seq: 0 } : { ms: this.last.ms, seq: this.last.seq + 1 };
    this.last = at;
    const id = `${at.ms}-${at.seq}`;
    this.events.push({ id, at, json });
    // By count, and by age: events carry borrower lines, none outlives the transcript retention.
    const horizon = ms - this.transcriptMs;
    let old = 0;
    while (old < this.events.length && this.events[old]!.at.ms < horizon) old += 1;
    const drop = Math.max(old, this.events.length - this.maxEvents);
    if (drop > 0) this.events.splice(0, drop);
    return id;
  }

  async readEvents(after: string | undefined, limit: number): Promise<DeskEventEntry[]> {
    const from = after === undefined ? undefined : parseStreamId(after);
    const out: DeskEventEntry[] = [];
    for (const e of this.events) {
      if (out.length >= limit) break;
      if (from && compareStreamIds(e.at, from) <= 0) continue;
      out.push({ id: e.id, json: e.json });
    }
    return out;
  }

  async lastEventId(): Promise<string | null> {
    return this.events[this.events.length - 1]?.id ?? null;
  }

  async firstEventId(): Promise<string | null> {
    return this.events[0]?.id ?? null;
  }

  async putSession(id: string, json: string, ttlSeconds: number): Promise<void> {
    this.sessions.set(id, { json, expiresAtMs: this.now() + ttlSeconds * 1000 });
  }

  async getSession(id: string): Promise<string | null> {
    const s = this.sessions.get(id);
    if (!s) return null;
    if (s.expiresAtMs <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return s.json;
  }

  async deleteSession(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async markPresent(agentId: string, ttlMs: number): Promise<void> {
    this.present.set(agentId, this.now() + ttlMs);
  }

  async clearPresent(agentId: string): Promise<void> {
    this.present.delete(agentId);
  }

  async countPresent(nowMs: number): Promise<number> {
    let n = 0;
    for (const until of this.present.values()) if (until > nowMs) n += 1;
    return n;
  }

  async addNote(handoffId: string, json: string): Promise<void> {
    const list = this.notes.get(handoffId) ?? [];
    list.push(json);
    this.notes.set(handoffId, list);
  }

  /** Erasure: forgets the notes on one handoff; returns how many lists were deleted (0 or 1). */
  /** Erasure: the desk events of a conversation (its lines, notes, handoff changes); returns how many. */
  dropEvents(conversationId: string): number {
    const before = this.events.length;
    const kept = this.events.filter((e) => !eventOf(e.json, conversationId));
    this.events.splice(0, this.events.length, ...kept);
    return before - kept.length;
  }

  dropNotes(handoffId: string): number {
    return this.notes.delete(handoffId) ? 1 : 0;
  }

  async listNotes(handoffId: string): Promise<string[]> {
    return [...(this.notes.get(handoffId) ?? [])];
  }

  async putRecord(kind: Kind, id: string, json: string): Promise<void> {
    this.records(kind).set(id, json);
  }

  async getRecord(kind: Kind, id: string): Promise<string | null> {
    return this.records(kind).get(id) ?? null;
  }

  async swapRecord(kind: Kind, id: string, expectedJson: string, json: string): Promise<boolean> {
    if (this.records(kind).get(id) !== expectedJson) return false;
    this.records(kind).set(id, json);
    return true;
  }

  async listApprovalIds(): Promise<string[]> {
    return [...this.approvalIds];
  }

  async addApprovalId(id: string): Promise<void> {
    this.approvalIds.push(id);
  }

  private readonly requests = new Map<string, { json: string; until: number }>();

  async beginRequest(key: string, ttlMs: number): Promise<string | null> {
    const now = this.now();
    for (const [k, r] of this.requests) if (r.until <= now) this.requests.delete(k);
    const known = this.requests.get(key);
    if (known) return known.json;
    this.requests.set(key, { json: "pending", until: now + ttlMs });
    return null;
  }

  async finishRequest(key: string, json: string, ttlMs: number): Promise<void> {
    this.requests.set(key, { json, until: this.now() + ttlMs });
  }

  async dropRequest(key: string): Promise<void> {
    this.requests.delete(key);
  }

  async scheduleOutbox(id: string, dueAtMs: number, json: string): Promise<void> {
    this.outbox.set(id, { dueAtMs, json });
  }

  async takeDueOutbox(nowMs: number, limit: number): Promise<string[]> {
    const due = [...this.outbox.entries()].filter(([, v]) => v.dueAtMs <= nowMs).sort((a, b) => a[1].dueAtMs - b[1].dueAtMs).slice(0, limit);
    for (const [id] of due) this.outbox.delete(id);
    return due.map(([, v]) => v.json);
  }
}
