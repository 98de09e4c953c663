import type { TranscriptEntry, TranscriptJsonEntry, TranscriptStore } from "../types.js";
import { normaliseLimit, parseStreamId } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/**
 * One Redis Stream per conversation; the stream id is the Direct Line watermark. Each entry holds
 * the activity's JSON (`data`) and its type (`type`, so that readers can filter without parsing;
 * entries written before it existed have none and are parsed instead).
 */
export class RedisTranscriptStore implements TranscriptStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async append(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    const data = JSON.stringify(activity);
    const type = String(activity.type);
    return this.conn.run("transcript append", () =>
      this.conn.client.xAdd(this.keys.transcript(conversationId), "*", { data, type }),
    );
  }

  async read(conversationId: string, after?: string, limit?: number): Promise<TranscriptEntry[]> {
    const entries = await this.range(conversationId, after, limit);
    return entries.map((entry) => {
      const message = entry.message as Record<string, string>;
      return { id: String(entry.id), activity: JSON.parse(message.data ?? "{}") as Record<string, unknown> };
    });
  }

  async readJson(conversationId: string, after?: string, limit?: number): Promise<TranscriptJsonEntry[]> {
    const entries = await this.range(conversationId, after, limit);
    return entries.map((entry) => {
      const message = entry.message as Record<string, string>;
      const json = message.data ?? "{}";
      const type = message.type ?? String((JSON.parse(json) as { type?: unknown }).type);
      return { id: String(entry.id), type, json };
    });
  }

  private async range(conversationId: string, after: string | undefined, limit: number | undefined) {
    if (after !== undefined) parseStreamId(after); // a malformed watermark is the caller's error
    const max = normaliseLimit(limit);
    if (max === 0) return [];
    const start = after === undefined ? "-" : `(${after}`;
    const entries = await this.conn.run("transcript read", () =>
      this.conn.client.xRange(this.keys.transcript(conversationId), start, "+", max === undefined ? undefined : { COUNT: max }),
    );
    return entries ?? [];
  }
}
