import { createHash } from "node:crypto";
import type { OnceAppend, TranscriptEntry, TranscriptJsonEntry, TranscriptStore } from "../types.js";
import { normaliseLimit, parseStreamId } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

/**
 * KEYS[1] = transcript stream, KEYS[2] = the conversation's reference. ARGV: data, type, max
 * entries, TTL (ms). Appends (trimming the stream to about max entries) and refreshes the TTL of
 * both: a conversation's transcript and reference live until it has been quiet that long.
 */
const APPEND_SCRIPT = new LuaScript(`
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'data', ARGV[1], 'type', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return id
`);

/**
 * As APPEND_SCRIPT, once per key. KEYS[1] = transcript stream, KEYS[2] = reference, KEYS[3] = once
 * key; ARGV: data, type, max entries, TTL (ms), activity id, once TTL (ms). The first call appends
 * and records "<watermark> <activity id>"; later calls append nothing and return that record.
 */
const APPEND_ONCE_SCRIPT = new LuaScript(`
local first = redis.call('GET', KEYS[3])
if first then return {0, first} end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'data', ARGV[1], 'type', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('SET', KEYS[3], id .. ' ' .. ARGV[5], 'PX', ARGV[6])
return {1, id .. ' ' .. ARGV[5]}
`);

/** How long a delivered message's key is remembered (a client retries within seconds; a day is ample). */
export const ONCE_TTL_MS = 86_400_000;

/**
 * One Redis Stream per conversation; the stream id is the Direct Line watermark. Each entry holds
 * the activity's JSON (`data`) and its type (`type`, so that readers can filter without parsing;
 * entries written before it existed have none and are parsed instead). The stream expires after
 * `ttlMs` without an append and is trimmed to about `maxEntries` (POLICY §8).
 */
export class RedisTranscriptStore implements TranscriptStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  async append(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    const data = JSON.stringify(activity);
    const type = String(activity.type);
    const id = await this.conn.run("transcript append", () =>
      APPEND_SCRIPT.run(
        this.conn.client,
        [this.keys.transcript(conversationId), this.keys.reference(conversationId)],
        [data, type, String(this.maxEntries), String(this.ttlMs)],
      ),
    );
    return String(id);
  }

  async appendOnce(conversationId: string, onceKey: string, activity: Record<string, unknown>): Promise<OnceAppend> {
    const hashed = createHash("sha256").update(onceKey, "utf8").digest("base64url").slice(0, 32);
    const reply = (await this.conn.run("transcript append once", () =>
      APPEND_ONCE_SCRIPT.run(
        this.conn.client,
        [this.keys.transcript(conversationId), this.keys.reference(conversationId), this.keys.once(conversationId, hashed)],
        [JSON.stringify(activity), String(activity.type), String(this.maxEntries), String(this.ttlMs), String(activity.id ?? ""), String(Math.min(ONCE_TTL_MS, this.ttlMs))],
      ),
    )) as [number, string];
    const record = String(reply[1]);
    const space = record.indexOf(" ");
    return { id: record.slice(0, space), activityId: record.slice(space + 1), fresh: Number(reply[0]) === 1 };
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
