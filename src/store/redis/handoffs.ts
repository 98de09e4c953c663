import { HandoffRequest } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { HandoffQueue } from "../types.js";
import { createdAtMs, priorityRank } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

/**
 * KEYS: request hash {json, status}, open sorted set, conversation → active id, conversation's
 * request ids, account's conversations. ARGV: JSON, status, score, id, TTL (ms), conversation id,
 * account id ("" = none). Returns {0} ok, {1} id exists, {2, activeId} conversation busy.
 * Everything holding the request (or pointing at it) expires after the TTL (POLICY §8).
 */
const ENQUEUE_SCRIPT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {1} end
if ARGV[2] == 'waiting' or ARGV[2] == 'claimed' then
  local current = redis.call('GET', KEYS[3])
  if current then return {2, current} end
end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'status', ARGV[2], 'version', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[4], ARGV[4])
redis.call('PEXPIRE', KEYS[4], ARGV[5])
if ARGV[7] ~= '' then
  redis.call('SADD', KEYS[5], ARGV[6])
  redis.call('PEXPIRE', KEYS[5], ARGV[5])
end
if ARGV[2] == 'waiting' or ARGV[2] == 'claimed' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
end
return {0}
`);

/**
 * Same first three KEYS plus the conversation's request ids; ARGV: status, id, score, TTL (ms).
 * Returns {0} ok, {1} unknown id, {2, activeId} conversation busy. Refreshes the TTLs: a record
 * is kept that long after its last change (closing included).
 */
const SET_STATUS_SCRIPT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {1} end
local current = redis.call('GET', KEYS[3])
if ARGV[1] ~= 'waiting' and ARGV[1] ~= 'claimed' then
  redis.call('ZREM', KEYS[2], ARGV[2])
  if current == ARGV[2] then redis.call('DEL', KEYS[3]) end
else
  if current and current ~= ARGV[2] then return {2, current} end
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[4], ARGV[4])
return {0}
`);

/**
 * Compare-and-set of a whole request. Same KEYS as SET_STATUS; ARGV: JSON, status, expected
 * version, id, score, TTL (ms). Returns {0} stored, {1} unknown id, {2, activeId} conversation
 * busy, {3} the version moved on (another writer came first).
 */
const REPLACE_SCRIPT = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {1} end
local v = redis.call('HGET', KEYS[1], 'version') or '0'
if v ~= ARGV[3] then return {3} end
local current = redis.call('GET', KEYS[3])
if ARGV[2] == 'waiting' or ARGV[2] == 'claimed' then
  if current and current ~= ARGV[4] then return {2, current} end
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[6])
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
else
  redis.call('ZREM', KEYS[2], ARGV[4])
  if current == ARGV[4] then redis.call('DEL', KEYS[3]) end
end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'status', ARGV[2], 'version', tostring(tonumber(v) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[4], ARGV[6])
return {0}
`);

/** Priority rank first, then creation time (ms); ties fall back to the id (sorted-set order). */
function score(request: HandoffRequest): string {
  return String(priorityRank(request.priority) * 1e13 + createdAtMs(request));
}

/**
 * Requests as hashes (the JSON as enqueued plus a separate status field, so scripts never
 * re-encode JSON), the open ones in one sorted set, and each conversation's open request id.
 */
export class RedisHandoffQueue implements HandoffQueue {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async enqueue(request: HandoffRequest): Promise<void> {
    const valid = HandoffRequest.parse(request);
    const reply = (await this.conn.run("handoff enqueue", () =>
      ENQUEUE_SCRIPT.run(
        this.conn.client,
        [
          this.keys.handoff(valid.id),
          this.keys.handoffOpen(),
          this.keys.handoffActive(valid.conversationId),
          this.keys.handoffsOf(valid.conversationId),
          this.keys.accountConversations(valid.accountId ?? ""),
        ],
        [JSON.stringify(valid), valid.status, score(valid), valid.id, String(this.ttlMs), valid.conversationId, valid.accountId ?? ""],
      ),
    )) as unknown[];
    const code = Number(reply[0]);
    if (code === 1) throw new XieshangError("conflict", `handoff request ${valid.id} already exists`);
    if (code === 2) {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${String(reply[1])})`);
    }
  }

  async get(id: string): Promise<HandoffRequest | null> {
    const [json, status] = (await this.conn.run("handoff get", () =>
      this.conn.client.hmGet(this.keys.handoff(id), ["json", "status"]),
    )) as Array<string | null>;
    if (typeof json !== "string") return null;
    const request = JSON.parse(json) as HandoffRequest;
    return status ? { ...request, status: status as HandoffRequest["status"] } : request;
  }

  async getVersioned(id: string): Promise<{ request: HandoffRequest; version: number } | null> {
    const [json, status, version] = (await this.conn.run("handoff get", () =>
      this.conn.client.hmGet(this.keys.handoff(id), ["json", "status", "version"]),
    )) as Array<string | null>;
    if (typeof json !== "string") return null;
    const request = JSON.parse(json) as HandoffRequest;
    return { request: status ? { ...request, status: status as HandoffRequest["status"] } : request, version: Number(version ?? 0) };
  }

  async replace(request: HandoffRequest, expectedVersion: number): Promise<boolean> {
    const valid = HandoffRequest.parse(request);
    const reply = (await this.conn.run("handoff replace", () =>
      REPLACE_SCRIPT.run(
        this.conn.client,
        [this.keys.handoff(valid.id), this.keys.handoffOpen(), this.keys.handoffActive(valid.conversationId), this.keys.handoffsOf(valid.conversationId)],
        [JSON.stringify(valid), valid.status, String(expectedVersion), valid.id, score(valid), String(this.ttlMs)],
      ),
    )) as unknown[];
    const code = Number(reply[0]);
    if (code === 1) throw new XieshangError("not_found", `no handoff request ${valid.id}`);
    if (code === 2) throw new XieshangError("conflict", `conversation already has an open handoff request (${String(reply[1])})`);
    return code === 0;
  }

  async activeFor(conversationId: string): Promise<HandoffRequest | null> {
    const id = await this.conn.run("handoff active", () => this.conn.client.get(this.keys.handoffActive(conversationId)));
    return id === null ? null : this.get(id);
  }

  async listOpen(): Promise<HandoffRequest[]> {
    const ids = await this.conn.run("handoff list", () => this.conn.client.zRange(this.keys.handoffOpen(), 0, -1));
    const requests = await Promise.all(ids.map((id) => this.get(String(id))));
    // A record that expired (or was erased) leaves its id behind: take it out of the open set.
    const gone = ids.filter((_, i) => requests[i] === null).map(String);
    if (gone.length > 0) await this.conn.run("handoff prune", () => this.conn.client.zRem(this.keys.handoffOpen(), gone));
    return requests.filter((r): r is HandoffRequest => r !== null && (r.status === "waiting" || r.status === "claimed"));
  }

  async setStatus(id: string, status: HandoffRequest["status"]): Promise<void> {
    const request = await this.get(id);
    if (!request) throw new XieshangError("not_found", `no handoff request ${id}`);
    const reply = (await this.conn.run("handoff status", () =>
      SET_STATUS_SCRIPT.run(
        this.conn.client,
        [this.keys.handoff(id), this.keys.handoffOpen(), this.keys.handoffActive(request.conversationId), this.keys.handoffsOf(request.conversationId)],
        [status, id, score(request), String(this.ttlMs)],
      ),
    )) as unknown[];
    const code = Number(reply[0]);
    if (code === 1) throw new XieshangError("not_found", `no handoff request ${id}`);
    if (code === 2) {
      throw new XieshangError("conflict", `conversation already has an open handoff request (${String(reply[1])})`);
    }
  }
}
