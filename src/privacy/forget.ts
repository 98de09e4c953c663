import type { Actor } from "../domain/audit.js";
import type { ErasureResult, Stores } from "../store/types.js";

export interface ForgetOutcome {
  conversationId: string;
  erased: ErasureResult;
}

/**
 * POLICY §8 erasure of one conversation: transcript, state, reference and handoff copies go;
 * agreements and the audit log stay, and the erasure itself is written to the audit log (counts
 * only). The audit event is written after the deletion, so a failed deletion is never recorded as done.
 */
export async function forgetConversation(stores: Stores, conversationId: string, actor: Actor, accountId?: string): Promise<ForgetOutcome> {
  const erased = await stores.erasure.eraseConversation(conversationId);
  await stores.audit.append({
    actor,
    action: "erasure",
    conversationId,
    details: { scope: accountId === undefined ? "conversation" : "account", ...(accountId === undefined ? {} : { accountId }), ...erased },
  });
  return { conversationId, erased };
}

/** Every conversation linked to the account (the account index), then the index itself. */
export async function forgetAccount(stores: Stores, accountId: string, actor: Actor): Promise<ForgetOutcome[]> {
  const outcomes: ForgetOutcome[] = [];
  for (const conversationId of await stores.accountIndex.conversationsOf(accountId)) {
    outcomes.push(await forgetConversation(stores, conversationId, actor, accountId));
  }
  await stores.erasure.forgetAccount(accountId);
  if (outcomes.length === 0) {
    await stores.audit.append({ actor, action: "erasure", details: { scope: "account", accountId, conversations: 0 } });
  }
  return outcomes;
}
