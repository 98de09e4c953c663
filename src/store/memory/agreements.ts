import { Agreement } from "../../domain/agreement.js";
import { XieshangError } from "../../errors.js";
import type { AgreementStore } from "../types.js";

/** Append-only: an agreement is stored once and never replaced. */
export class MemoryAgreementStore implements AgreementStore {
  private readonly byId = new Map<string, string>();
  private readonly byConversation = new Map<string, string[]>();
  private readonly byAccount = new Map<string, string[]>();

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
    return ids.map((id) => JSON.parse(this.byId.get(id)!) as Agreement);
  }
}
