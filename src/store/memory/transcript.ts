import type { OnceAppend, TranscriptEntry, TranscriptJsonEntry, TranscriptStore } from "../types.js";
import { compareStreamIds, jsonClone, normaliseLimit, parseStreamId, type StreamId } from "../shared.js";
import { ExpiringMap } from "./expiring.js";

export interface MemoryTranscriptOptions {
  /** A transcript expires this long after its last append (default: never). */
  ttlMs?: number;
  /** Longest transcript kept; older entries are dropped (default: unbounded). */
  maxEntries?: number;
  /** Called on every append (the reference store refreshes the conversation's reference). */
  onAppend?: (conversationId: string) => void;
}

interface Stored {
  id: string;
  at: StreamId;
  json: string;
  type: string;
}

/**
 * Ids look like Redis stream ids ("<ms>-<seq>") and only grow, even if the clock steps back,
 * so that a watermark from one backend means the same thing in the other. Transcripts expire and
 * are trimmed as in Redis (POLICY §8).
 */
export class MemoryTranscriptStore implements TranscriptStore {
  private readonly streams: ExpiringMap<Stored[]>;
  private last: StreamId = { ms: 0, seq: 0 };
  /** conversation → once key → the first delivery (expires like the transcript). */
  private readonly onceKeys: ExpiringMap<Map<string, { id: string; activityId: string }>>;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly options: MemoryTranscriptOptions = {},
  ) {
    this.streams = new ExpiringMap(options.ttlMs ?? Number.MAX_SAFE_INTEGER / 4, now);
    this.onceKeys = new ExpiringMap(options.ttlMs ?? Number.MAX_SAFE_INTEGER / 4, now);
  }

  async append(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    return this.appendNow(conversationId, activity);
  }

  /** Synchronous, so that appendOnce's check and append happen with nothing in between. */
  private appendNow(conversationId: string, activity: Record<string, unknown>): string {
    const json = JSON.stringify(activity);
    const ms = this.now();
    const at = ms > this.last.ms ? { ms, seq: 0 } : { ms: this.last.ms, seq: this.last.seq + 1 };
    this.last = at;
    const id = `${at.ms}-${at.seq}`;
    let stream = this.streams.get(conversationId);
    if (!stream) stream = [];
    this.streams.set(conversationId, stream);
    stream.push({ id, at, json, type: String(activity.type) });
    const max = this.options.maxEntries;
    if (max !== undefined && stream.length > max) stream.splice(0, stream.length - max);
    this.options.onAppend?.(conversationId);
    return id;
  }

  async appendOnce(conversationId: string, onceKey: string, activity: Record<string, unknown>): Promise<OnceAppend> {
    let seen = this.onceKeys.get(conversationId);
    if (!seen) seen = new Map();
    this.onceKeys.set(conversationId, seen);
    const first = seen.get(onceKey);
    if (first) return { ...first, fresh: false };
    const entry = { id: this.appendNow(conversationId, activity), activityId: String(activity.id ?? "") };
    seen.set(onceKey, entry);
    return { ...entry, fresh: true };
  }

  async read(conversationId: string, after?: string, limit?: number): Promise<TranscriptEntry[]> {
    const from = after === undefined ? undefined : parseStreamId(after);
    const max = normaliseLimit(limit);
    const stream = this.streams.get(conversationId) ?? [];
    const out: TranscriptEntry[] = [];
    for (const entry of stream) {
      if (max !== undefined && out.length >= max) break;
      if (from && compareStreamIds(entry.at, from) <= 0) continue;
      out.push({ id: entry.id, activity: jsonClone(JSON.parse(entry.json) as Record<string, unknown>) });
    }
    return out;
  }

  async readJson(conversationId: string, after?: string, limit?: number): Promise<TranscriptJsonEntry[]> {
    const from = after === undefined ? undefined : parseStreamId(after);
    const max = normaliseLimit(limit);
    const stream = this.streams.get(conversationId) ?? [];
    const out: TranscriptJsonEntry[] = [];
    for (const entry of stream) {
      if (max !== undefined && out.length >= max) break;
      if (from && compareStreamIds(entry.at, from) <= 0) continue;
      out.push({ id: entry.id, type: entry.type, json: entry.json });
    }
    return out;
  }

  drop(conversationId: string): { count: number; userIds: string[] } {
    const stream = this.streams.get(conversationId) ?? [];
    const userIds = new Set<string>();
    for (const entry of stream) {
      const from = (JSON.parse(entry.json) as { from?: { id?: unknown; role?: unknown } }).from;
      if (from?.role !== "bot" && typeof from?.id === "string") userIds.add(from.id);
    }
    this.onceKeys.delete(conversationId);
    return { count: this.streams.delete(conversationId) ? 1 : 0, userIds: [...userIds] };
  }
}
