import { Agreement } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AgreementStore } from "../types.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";
import { LuaScript } from "./script.js";

/** KEYS[1] = agreement, KEYS[2] = conversation index, KEYS[3] = account index; ARGV[1] = JSON, ARGV[2] = id. */
const SAVE_SCRIPT = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('RPUSH', KEYS[3], ARGV[2])
  return 1
end
return 0
`);

/** Append-only: SET NX on the agreement and, in the same script, append to the conversation's index. */
export class RedisAgreementStore implements AgreementStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async save(agreement: Agreement): Promise<void> {
    const valid = Agreement.parse(agreement);
    const saved = await this.conn.run("agreement save", () =>
      SAVE_SCRIPT.run(
        this.conn.client,
        [this.keys.agreement(valid.id), this.keys.agreementsOf(valid.conversationId), this.keys.agreementsOfAccount(valid.accountId)],
        [JSON.stringify(valid), valid.id],
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
    return this.list(this.keys.agreementsOf(conversationId));
  }

  async listByAccount(accountId: string): Promise<Agreement[]> {
    return this.list(this.keys.agreementsOfAccount(accountId));
  }

  private async list(indexKey: string): Promise<Agreement[]> {
    return this.conn.run("agreement list", async () => {
      const ids = await this.conn.client.lRange(indexKey, 0, -1);
      if (ids.length === 0) return [];
      const jsons = await this.conn.client.mGet(ids.map((id) => this.keys.agreement(String(id))));
      return jsons.filter((j): j is string => typeof j === "string").map((j) => JSON.parse(j) as Agreement);
    });
  }
}
