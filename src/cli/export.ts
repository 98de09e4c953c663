/**
 * `xieshang export --since ISO [--kind agreements|audit] [--operator ID]` — JSON lines for the
 * bank's system of record, oldest first: every agreement created (or audit event written) at or
 * after --since, from the shared Redis store (REDIS_URL). The export itself is audited.
 * Exit 0 done, 1 store error, 2 usage.
 */
import { z } from "zod";
import { IdLike } from "../domain/audit.js";
import type { Stores } from "../store/types.js";
import { runStoreCommand, writeLine } from "./ops.js";

const USAGE = `usage: xieshang export --since ISO-8601 [--kind agreements|audit] [--operator ID]
  Writes agreements (default) or audit events created at or after --since as JSON lines to
  standard output, oldest first. Needs REDIS_URL. Exit status: 0 done, 1 store error, 2 usage.`;

const PAGE = 500;

const Args = z.strictObject({
  since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z" }),
  kind: z.enum(["agreements", "audit"]).default("agreements"),
  operator: IdLike.min(1).default("cli"),
});

export async function main(args: string[]): Promise<number> {
  return runStoreCommand("export", USAGE, args, Args, ["since", "kind", "operator"], async (stores, { since, kind, operator }) => {
    const count = kind === "agreements" ? await exportAgreements(stores, Date.parse(since)) : await exportAudit(stores, since);
    await stores.audit.append({ actor: { kind: "operator", id: operator }, action: "export", details: { kind, since, count } });
  });
}

async function exportAgreements(stores: Stores, sinceMs: number): Promise<number> {
  let count = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await stores.agreements.listSince(sinceMs, { offset, count: PAGE });
    for (const agreement of page) await writeLine(process.stdout, JSON.stringify(agreement));
    count += page.length;
    if (page.length < PAGE) return count;
  }
}

async function exportAudit(stores: Stores, since: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await stores.audit.read({ since, limit: 1000, ...(after ? { after } : {}) });
    for (const event of page) await writeLine(process.stdout, JSON.stringify(event));
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1]!.id;
  }
}
