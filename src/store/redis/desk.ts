import type { DeskEventEntry, DeskStore } from "../types.js";
import { parseStreamId } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

type Kind = "decision" | "approval";

/** KEYS[1] = record; ARGV[1] = expected JSON, ARGV[2] = new JSON. 1 when swapped. */
const SWAP_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
`);

/** KEYS[1] = due zset, KEYS[2] = payload hash; ARGV[1] = now ms, ARGV[2] = limit. Removes what it returns. */
const TAKE_DUE_SCRIPT = new LuaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local json = redis.call('HGET', KEYS[2], id)
  redis.call('HDEL', KEYS[2], id)
  if json then table.insert(out, json) end
end
return out
`);

/**
 * The desk's records in Redis: the event log is a capped Stream (its ids are the cursors),
 * sessions are keys with a TTL, presence a sorted set of expiry times, approvals and decisions
 * plain keys (approvals changed by compare-and-set), the outbox a sorted set by due time.
 */
export class RedisDeskStore implements DeskStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    /** Events, notes, decisions and held messages carry borrower text: kept this long after the last write (POLICY §8). */
    private readonly transcriptMs: number,
    /** Approval records are the bank's records. */
    private readonly recordsMs: number,
    private readonly maxEvents = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `desk-<kind>:<id>` (the retention test reads the kind from the name). */
  private k(name: string): string {
    return this.keys.desk(name);
  }

  async appendEvent(json: string): Promise<string> {
    // Bounded by age (events carry borrower lines: none outlives the transcript retention, even on a
    // deployment that keeps writing) and by count; the key expires when writing stops.
    const horizon = Math.max(0, this.now() - this.transcriptMs);
    return this.conn.run("desk event", async () => {
      const [id] = await Promise.all([
        this.conn.client.xAdd(this.k("events:log"), "*", { json }, { TRIM: { strategy: "MINID", strategyModifier: "=", threshold: horizon } }),
        this.conn.client.xTrim(this.k("events:log"), "MAXLEN", this.maxEvents, { strategyModifier: "~" }),
        this.conn.client.pExpire(this.k("events:log"), this.transcriptMs),
      ]);
      return id;
    });
  }

  async readEvents(after: string | undefined, limit: number): Promise<DeskEventEntry[]> {
    if (after !== undefined) parseStreamId(after);
    const entries = await this.conn.run("desk events", () =>
      this.conn.client.xRange(this.k("events:log"), after === undefined ? "-" : `(${after}`, "+", { COUNT: limit }),
    );
    return (entries ?? []).map((e) => ({ id: String(e.id), json: String((e.message as Record<string, string>).json ?? "{}") }));
  }

  async lastEventId(): Promise<string | null> {
    const entries = await this.conn.run("desk last", () => this.conn.client.xRevRange(this.k("events:log"), "+", "-", { COUNT: 1 }));
    return entries?.[0] ? String(entries[0].id) : null;
  }

  async firstEventId(): Promise<string | null> {
    const entries = await this.conn.run("desk first", () => this.conn.client.xRange(this.k("events:log"), "-", "+", { COUNT: 1 }));
    return entries?.[0] ? String(entries[0].id) : null;
  }

  async putSession(id: string, json: string, ttlSeconds: number): Promise<void> {
    await this.conn.run("desk session", () => this.conn.client.set(this.k(`session:${id}`), json, { EX: Math.max(1, Math.ceil(ttlSeconds)) }));
  }

  async getSession(id: string): Promise<string | null> {
    return this.conn.run("desk session", () => this.conn.client.get(this.k(`session:${id}`)));
  }

  async deleteSession(id: string): Promise<void> {
    await this.conn.run("desk session", () => this.conn.client.del(this.k(`session:${id}`)));
  }

  async markPresent(agentId: string, ttlMs: number): Promise<void> {
    await this.conn.run("desk presence", () => this.conn.client.zAdd(this.k("presence:agents"), { score: Date.now() + ttlMs, value: agentId }));
  }

  async clearPresent(agentId: string): Promise<void> {
    await this.conn.run("desk presence", () => this.conn.client.zRem(this.k("presence:agents"), agentId));
  }

  async countPresent(nowMs: number): Promise<number> {
    return this.conn.run("desk presence", () => this.conn.client.zCount(this.k("presence:agents"), `(${nowMs}`, "+inf"));
  }

  async addNote(handoffId: string, json: string): Promise<void> {
    await this.conn.run("desk note", async () => {
      await this.conn.client.rPush(this.k(`notes:${handoffId}`), json);
      await this.conn.client.pExpire(this.k(`notes:${handoffId}`), this.transcriptMs);
    });
  }

  async listNotes(handoffId: string): Promise<string[]> {
    const list = await this.conn.run("desk notes", () => this.conn.client.lRange(this.k(`notes:${handoffId}`), 0, -1));
    return list.map(String);
  }

  async putRecord(kind: Kind, id: string, json: string): Promise<void> {
    const ttl = kind === "approval" ? this.recordsMs : this.transcriptMs;
    await this.conn.run("desk record", () => this.conn.client.set(this.k(`${kind}:${id}`), json, { PX: ttl }));
  }

  async getRecord(kind: Kind, id: string): Promise<string | null> {
    return this.conn.run("desk record", () => this.conn.client.get(this.k(`${kind}:${id}`)));
  }

  async swapRecord(kind: Kind, id: string, expectedJson: string, json: string): Promise<boolean> {
    const r = await this.conn.run("desk swap", () => SWAP_SCRIPT.run(this.conn.client, [this.k(`${kind}:${id}`)], [expectedJson, json]));
    return Number(r) === 1;
  }

  async listApprovalIds(): Promise<string[]> {
    const list = await this.conn.run("desk approvals", () => this.conn.client.lRange(this.k("approvals:ids"), 0, -1));
    return list.map(String);
  }

  async addApprovalId(id: string): Promise<void> {
    await this.conn.run("desk approvals", () => this.conn.client.rPush(this.k("approvals:ids"), id));
  }

  async beginRequest(key: string, ttlMs: number): Promise<string | null> {
    const k = this.k(`request:${key}`);
    // SET NX ... GET: claims the key, or returns what is there, in one command (Redis ≥ 7.0).
    return this.conn.run("desk request", () => this.conn.client.set(k, "pending", { condition: "NX", expiration: { type: "PX", value: ttlMs }, GET: true }));
  }

  async finishRequest(key: string, json: string, ttlMs: number): Promise<void> {
    await this.conn.run("desk request", () => this.conn.client.set(this.k(`request:${key}`), json, { expiration: { type: "PX", value: ttlMs } }));
  }

  async dropRequest(key: string): Promise<void> {
    await this.conn.run("desk request", () => this.conn.client.del(this.k(`request:${key}`)));
  }

  async scheduleOutbox(id: string, dueAtMs: number, json: string): Promise<void> {
    await this.conn.run("desk outbox", async () => {
      await this.conn.client.hSet(this.k("outbox:payload"), id, json);
      await this.conn.client.zAdd(this.k("outbox-due:set"), { score: dueAtMs, value: id });
      await this.conn.client.pExpire(this.k("outbox:payload"), this.transcriptMs);
      await this.conn.client.pExpire(this.k("outbox-due:set"), this.transcriptMs);
    });
  }

  async takeDueOutbox(nowMs: number, limit: number): Promise<string[]> {
    const out = await this.conn.run("desk outbox", () =>
      TAKE_DUE_SCRIPT.run(this.conn.client, [this.k("outbox-due:set"), this.k("outbox:payload")], [String(nowMs), String(limit)]),
    );
    return (out as unknown[]).map(String);
  }
}
