import type { Agreement } from "../domain/agreement.js";
import { XieshangError } from "../errors.js";
import type { AgreementStore } from "../store/types.js";

/**
 * The agreement store the dialogs use. A keyed turn re-run after its instance died before
 * committing draws the same agreement id (turnScope); saving it again then finds the first run's
 * agreement for the same conversation and keeps that one: one agreement, one reference. (Outside
 * a keyed turn the id is 40 random bits, so the same id in the same conversation is that re-run.)
 */
export class RetrySafeAgreements implements AgreementStore {
  constructor(private readonly inner: AgreementStore) {}

  async save(agreement: Agreement): Promise<void> {
    try {
      await this.inner.save(agreement);
    } catch (error) {
      if (!(error instanceof XieshangError && error.code === "conflict")) throw error;
      const first = await this.inner.get(agreement.id);
      if (first?.conversationId !== agreement.conversationId) throw error;
    }
  }

  get(id: string): Promise<Agreement | null> {
    return this.inner.get(id);
  }

  listByConversation(conversationId: string): Promise<Agreement[]> {
    return this.inner.listByConversation(conversationId);
  }

  listByAccount(accountId: string): Promise<Agreement[]> {
    return this.inner.listByAccount(accountId);
  }

  listSince(...args: Parameters<AgreementStore["listSince"]>): ReturnType<AgreementStore["listSince"]> {
    return this.inner.listSince(...args);
  }
}
