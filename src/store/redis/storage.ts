import type { KeyValueStorage, StoredJson, StoreItems } from "../types.js";
import { etagConflict, needsEtagCheck, requireChanges, requireKeys, serialiseItem } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

/**
 * KEYS[1] = eTag counter, KEYS[2..n+1] = item hashes {json, eTag}.
 * ARGV[1..n] = expected eTags ("" = none or "*"), ARGV[n+1..2n] = item JSON, ARGV[2n+1] = TTL (ms).
 * Checks every eTag first, then writes all items (all or nothing), each with the state's TTL.
 * Returns 0, or the 1-based index of the first item whose eTag does not match.
 */
const WRITE_SCRIPT = new LuaScript(`
local n = #KEYS - 1
for i = 1, n do
  local expected = ARGV[i]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i + 1], 'eTag')
    if current and current ~= expected then return i end
  end
end
for i = 1, n do
  local etag = tostring(redis.call('INCR', KEYS[1]))
  redis.call('HSET', KEYS[i + 1], 'json', ARGV[n + i], 'eTag', etag)
  redis.call('PEXPIRE', KEYS[i + 1], ARGV[2 * n + 1])
end
return 0
`);

/**
 * botbuilder Storage over Redis, with eTag compare-and-set done atomically in one script. Every
 * item expires `ttlMs` after it was last written or read (POLICY §8: state 30 days after the last
 * message); the read's PEXPIRE goes in the same round trip as its HMGET.
 */
export class RedisKeyValueStorage implements KeyValueStorage {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    requireKeys(keys);
    if (keys.length === 0) return {};
    const ttl = this.ttlMs;
    const replies = await this.conn.run("state read", () =>
      Promise.all(
        keys.map((key) => {
          const k = this.keys.state(key);
          void this.conn.client.pExpire(k, ttl).catch(() => {});
          return this.conn.client.hmGet(k, ["json", "eTag"]);
        }),
      ),
    );
    const out: StoreItems = {};
    keys.forEach((key, i) => {
      const [json, eTag] = (replies[i] ?? []) as Array<string | null>;
      if (typeof json === "string") out[key] = { ...(JSON.parse(json) as object), eTag: eTag ?? "" };
    });
    return out;
  }

  async readJson(key: string): Promise<StoredJson | undefined> {
    requireKeys([key]);
    const k = this.keys.state(key);
    const [json, eTag] = (await this.conn.run("state read", () => {
      void this.conn.client.pExpire(k, this.ttlMs).catch(() => {});
      return this.conn.client.hmGet(k, ["json", "eTag"]);
    })) as Array<string | null>;
    return typeof json === "string" ? { json, eTag: eTag ?? "" } : undefined;
  }

  async write(changes: StoreItems): Promise<void> {
    requireChanges(changes);
    const names = Object.keys(changes);
    if (names.length === 0) return;
    await this.writePrepared(names, names.map((key) => serialiseItem(key, changes[key])));
  }

  async writeJson(key: string, json: string, eTag: string | undefined): Promise<void> {
    requireKeys([key]);
    await this.writePrepared([key], [{ json, eTag }]);
  }

  private async writePrepared(names: string[], prepared: Array<{ json: string; eTag: string | undefined }>): Promise<void> {
    const result = await this.conn.run("state write", () =>
      WRITE_SCRIPT.run(
        this.conn.client,
        [this.keys.etagCounter(), ...names.map((k) => this.keys.state(k))],
        [...prepared.map((p) => (needsEtagCheck(p.eTag) ? p.eTag : "")), ...prepared.map((p) => p.json), String(this.ttlMs)],
      ),
    );
    const conflict = Number(result);
    if (conflict > 0) throw etagConflict(names[conflict - 1]!);
  }

  async delete(keys: string[]): Promise<void> {
    requireKeys(keys);
    if (keys.length === 0) return;
    await this.conn.run("state delete", () => this.conn.client.del(keys.map((k) => this.keys.state(k))));
  }
}
