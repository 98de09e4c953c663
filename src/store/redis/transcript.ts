import type { TranscriptEntry, TranscriptStore } from "../types.js";
import { normaliseLimit, parseStreamId } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** One Redis Stream per conversation; the stream id is the Direct Line watermark. */
export class RedisTranscriptStore implements TranscriptStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async append(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    const data = JSON.stringify(activity);
    return this.conn.run("transcript append", () =>
      this.conn.client.xAdd(this.keys.transcript(conversationId), "*", { data }),
    );
  }

  async read(conversationId: string, after?: string, limit?: number): Promise<TranscriptEntry[]> {
    if (after !== undefined) parseStreamId(after); // a malformed watermark is the caller's error
    const max = normaliseLimit(limit);
    if (max === 0) return [];
    const start = after === undefined ? "-" : `(${after}`;
    const entries = await this.conn.run("transcript read", () =>
      this.conn.client.xRange(this.keys.transcript(conversationId), start, "+", max === undefined ? undefined : { COUNT: max }),
    );
    return (entries ?? []).map((entry) => {
      const message = entry.message as Record<string, string>;
      return { id: String(entry.id), activity: JSON.parse(message.data ?? "{}") as Record<string, unknown> };
    });
  }
}
