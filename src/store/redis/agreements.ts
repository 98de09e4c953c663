import { Agreement } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AgreementStore } from "../types.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";
import type { Retention } from "../retention.js";

/**
 * KEYS: agreement, conversation index, time index, account's conversations, account's agreements.
 * ARGV: JSON, id, records TTL (ms), created (ms), horizon (ms), conversation id, transcript TTL (ms).
 * Stores once (SET NX), for the record-keeping period; indexes it by conversation and by time
 * (the time index trimmed to the period) and links the account to the conversation (erasure).
 */
const SAVE_SCRIPT = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[5])
  redis.call('SADD', KEYS[4], ARGV[6])
  redis.call('PEXPIRE', KEYS[4], ARGV[7])
  redis.call('RPUSH', KEYS[5], ARGV[2])
  redis.call('PEXPIRE', KEYS[5], ARGV[3])
  return 1
end
return 0
`);

/** Append-only: SET NX on the agreement and, in the same script, its indexes. */
export class RedisAgreementStore implements AgreementStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly retention: Pick<Retention, "recordsMs" | "transcriptMs">,
    private readonly now: () => number = Date.now,
  ) {}

  async save(agreement: Agreement): Promise<void> {
    const valid = Agreement.parse(agreement);
    const created = Date.parse(valid.createdAt);
    const saved = await this.conn.run("agreement save", () =>
      SAVE_SCRIPT.run(
        this.conn.client,
        [
          this.keys.agreement(valid.id),
          this.keys.agreementsOf(valid.conversationId),
          this.keys.agreementsByTime(),
          this.keys.accountConversations(valid.accountId),
          this.keys.agreementsOfAccount(valid.accountId),
        ],
        [
          JSON.stringify(valid),
          valid.id,
          String(this.retention.recordsMs),
          String(Number.isFinite(created) ? created : this.now()),
          String(this.now() - this.retention.recordsMs),
          valid.conversationId,
          String(this.retention.transcriptMs),
        ],
      ),
    );
    if (Number(saved) !== 1) {
      throw new XieshangError("conflict", `agreement ${valid.id} already exists and cannot be changed`);
    }
  }

  async get(id: string): Promise<Agreement | null> {
    const json = await this.conn.run("agreement get", () => this.conn.client.get(this.keys.agreement(id)));
    return json === null ? null : (JSON.parse(json) as Agreement);
  }

  async listByConversation(conversationId: string): Promise<Agreement[]> {
    return this.listIndex(this.keys.agreementsOf(conversationId));
  }

  async listByAccount(accountId: string): Promise<Agreement[]> {
    return this.listIndex(this.keys.agreementsOfAccount(accountId));
  }

  private async listIndex(indexKey: string): Promise<Agreement[]> {
    return this.conn.run("agreement list", async () => {
      const ids = await this.conn.client.lRange(indexKey, 0, -1);
      if (ids.length === 0) return [];
      const jsons = await this.conn.client.mGet(ids.map((id) => this.keys.agreement(String(id))));
      return jsons.filter((j): j is string => typeof j === "string").map((j) => JSON.parse(j) as Agreement);
    });
  }

  async listSince(sinceMs: number, page: { offset: number; count: number } = { offset: 0, count: 1000 }): Promise<Agreement[]> {
    return this.conn.run("agreement list since", async () => {
      const ids = await this.conn.client.zRangeByScore(this.keys.agreementsByTime(), Math.max(sinceMs, this.now() - this.retention.recordsMs), "+inf", {
        LIMIT: { offset: page.offset, count: page.count },
      });
      if (ids.length === 0) return [];
      const jsons = await this.conn.client.mGet(ids.map((id) => this.keys.agreement(String(id))));
      return jsons.filter((j): j is string => typeof j === "string").map((j) => JSON.parse(j) as Agreement);
    });
  }
}
