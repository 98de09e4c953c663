/**
 * `xieshang forget --conversation ID | --account ID [--operator ID]` — POLICY §8 erasure on the
 * shared Redis store (REDIS_URL). Prints one JSON line per erased conversation (counts only).
 * Exit 0 done, 1 store error, 2 usage.
 */
import { z } from "zod";
import { IdLike } from "../domain/audit.js";
import { XieshangError } from "../errors.js";
import { forgetAccount, forgetConversation } from "../privacy/forget.js";
import type { Stores } from "../store/types.js";
import { openSharedStores, parseFlags, UsageError, writeLine } from "./ops.js";

const USAGE = `usage: xieshang forget --conversation ID | --account ID [--operator ID]
  Erases a conversation (or every conversation of an account): transcript, dialog and user state,
  reference and handoff copies. Agreements and the audit log are kept; the erasure is audited.
  Needs REDIS_URL. Exit status: 0 done, 1 store error, 2 usage.`;

const Args = z
  .strictObject({ conversation: IdLike.min(1).optional(), account: IdLike.min(1).optional(), operator: IdLike.min(1).default("cli") })
  .refine((a) => (a.conversation === undefined) !== (a.account === undefined), "give exactly one of --conversation and --account");

export async function main(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    await writeLine(process.stdout, USAGE);
    return 0;
  }
  let stores: Stores | undefined;
  try {
    const parsed = Args.safeParse(parseFlags(args, ["conversation", "account", "operator"]));
    if (!parsed.success) {
      throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}` : "arguments"}: ${i.message}`).join("; "));
    }
    const { conversation, account, operator } = parsed.data;
    stores = await openSharedStores();
    const actor = { kind: "operator" as const, id: operator };
    const outcomes = conversation !== undefined ? [await forgetConversation(stores, conversation, actor)] : await forgetAccount(stores, account!, actor);
    for (const o of outcomes) await writeLine(process.stdout, JSON.stringify({ conversationId: o.conversationId, ...o.erased }));
    if (account !== undefined) await writeLine(process.stderr, `xieshang forget: account ${account}: ${outcomes.length} conversation(s) erased`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      await writeLine(process.stderr, `xieshang forget: ${err.message}\n${USAGE}`);
      return 2;
    }
    const message = err instanceof XieshangError ? err.message : `failed: ${(err as Error).message}`;
    await writeLine(process.stderr, `xieshang forget: ${message}`);
    return err instanceof XieshangError && err.code === "config" ? 2 : 1;
  } finally {
    await stores?.close();
  }
}
