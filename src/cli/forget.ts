/**
 * `xieshang forget --conversation ID | --account ID [--operator ID]` — POLICY §8 erasure on the
 * shared Redis store (REDIS_URL). Prints one JSON line per erased conversation (counts only).
 * Exit 0 done, 1 store error, 2 usage.
 */
import { z } from "zod";
import { IdLike } from "../domain/audit.js";
import { forgetAccount, forgetConversation } from "../privacy/forget.js";
import { runStoreCommand, writeLine } from "./ops.js";

const USAGE = `usage: xieshang forget --conversation ID | --account ID [--operator ID]
  Erases a conversation (or every conversation of an account): transcript, dialog and user state,
  reference and handoff copies. Agreements and the audit log are kept; the erasure is audited.
  Needs REDIS_URL. Exit status: 0 done, 1 store error, 2 usage.`;

const Args = z
  .strictObject({ conversation: IdLike.min(1).optional(), account: IdLike.min(1).optional(), operator: IdLike.min(1).default("cli") })
  .refine((a) => (a.conversation === undefined) !== (a.account === undefined), "give exactly one of --conversation and --account");

export async function main(args: string[]): Promise<number> {
  return runStoreCommand("forget", USAGE, args, Args, ["conversation", "account", "operator"], async (stores, { conversation, account, operator }) => {
    const actor = { kind: "operator" as const, id: operator };
    const outcomes = conversation !== undefined ? [await forgetConversation(stores, conversation, actor)] : await forgetAccount(stores, account!, actor);
    for (const o of outcomes) await writeLine(process.stdout, JSON.stringify({ conversationId: o.conversationId, ...o.erased }));
    if (account !== undefined) await writeLine(process.stderr, `xieshang forget: account ${account}: ${outcomes.length} conversation(s) erased`);
  });
}
