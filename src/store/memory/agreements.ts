import { Agreement } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AccountIndex, AgreementStore } from "../types.js";
import { ExpiringMap } from "./expiring.js";

const NEVER = Number.MAX_SAFE_INTEGER / 4;

/** Append-only: an agreement is stored once and never replaced; kept for the record-keeping period. */
export class MemoryAgreementStore implements AgreementStore {
  private readonly byId: ExpiringMap<string>;
  private readonly byConversation: ExpiringMap<string[]>;
  private readonly byAccount: ExpiringMap<string[]>;

  constructor(
    keepMs = NEVER,
    private readonly now: () => number = Date.now,
    private readonly accounts?: AccountIndex,
  ) {
    this.byId = new ExpiringMap(keepMs, now);
    this.byConversation = new ExpiringMap(keepMs, now);
    this.byAccount = new ExpiringMap(keepMs, now);
  }

  async save(agreement: Agreement): Promise<void> {
    const valid = Agreement.parse(agreement);
    if (this.byId.has(valid.id)) {
      throw new XieshangError("conflict", `agreement ${valid.id} already exists and cannot be changed`);
    }
    this.byId.set(valid.id, JSON.stringify(valid));
    for (const [index, key] of [[this.byConversation, valid.conversationId], [this.byAccount, valid.accountId]] as const) {
      const ids = index.get(key) ?? [];
      ids.push(valid.id);
      index.set(key, ids);
    }
    await this.accounts?.link(valid.accountId, valid.conversationId);
  }

  async get(id: string): Promise<Agreement | null> {
    const json = this.byId.get(id);
    return json === undefined ? null : (JSON.parse(json) as Agreement);
  }

  async listByConversation(conversationId: string): Promise<Agreement[]> {
    return this.list(this.byConversation.get(conversationId) ?? []);
  }

  async listByAccount(accountId: string): Promise<Agreement[]> {
    return this.list(this.byAccount.get(accountId) ?? []);
  }

  private list(ids: readonly string[]): Agreement[] {
    return ids.flatMap((id) => {
      const json = this.byId.get(id);
      return json === undefined ? [] : [JSON.parse(json) as Agreement];
    });
  }

  async listSince(sinceMs: number, page: { offset: number; count: number } = { offset: 0, count: 1000 }): Promise<Agreement[]> {
    const all = [...this.byId.entries()]
      .map(([, json]) => JSON.parse(json) as Agreement)
      .map((a) => ({ a, at: Number.isFinite(Date.parse(a.createdAt)) ? Date.parse(a.createdAt) : 0 }))
      .filter(({ at }) => at >= sinceMs)
      .sort((x, y) => x.at - y.at || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0));
    return all.slice(page.offset, page.offset + page.count).map(({ a }) => a);
  }
}
