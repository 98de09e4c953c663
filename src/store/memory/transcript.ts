import type { OnceAppend, TranscriptEntry, TranscriptJsonEntry, TranscriptStore } from "../types.js";
import { compareStreamIds, jsonClone, normaliseLimit, parseStreamId, type StreamId } from "../shared.js";

interface Stored {
  id: string;
  at: StreamId;
  json: string;
  type: string;
}

/**
 * Ids look like Redis stream ids ("<ms>-<seq>") and only grow, even if the clock steps back,
 * so that a watermark from one backend means the same thing in the other.
 */
export class MemoryTranscriptStore implements TranscriptStore {
  private readonly streams = new Map<string, Stored[]>();
  private last: StreamId = { ms: 0, seq: 0 };
  /** conversation → once key → the first delivery (kept as long as the transcript, in this process). */
  private readonly onceKeys = new Map<string, Map<string, { id: string; activityId: string }>>();

  constructor(private readonly now: () => number = Date.now) {}

  async append(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    const json = JSON.stringify(activity);
    const ms = this.now();
    const at = ms > this.last.ms ? { ms, seq: 0 } : { ms: this.last.ms, seq: this.last.seq + 1 };
    this.last = at;
    const id = `${at.ms}-${at.seq}`;
    let stream = this.streams.get(conversationId);
    if (!stream) this.streams.set(conversationId, (stream = []));
    stream.push({ id, at, json, type: String(activity.type) });
    return id;
  }

  async appendOnce(conversationId: string, onceKey: string, activity: Record<string, unknown>): Promise<OnceAppend> {
    let seen = this.onceKeys.get(conversationId);
    if (!seen) this.onceKeys.set(conversationId, (seen = new Map()));
    const first = seen.get(onceKey);
    if (first) return { ...first, fresh: false };
    const entry = { id: "", activityId: String(activity.id ?? "") };
    seen.set(onceKey, entry); // before the append, so a concurrent call sees it (single thread)
    entry.id = await this.append(conversationId, activity);
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
}
