/**
 * Looking for verification answers in stored data (POLICY.md §8). The demo directory's account
 * ids embed the account's last 4 digits ("demo-card-8801"): that id is the bank's identifier of
 * the account, kept on agreements and handoffs by design, and in a real bank it is not derived
 * from the answer — so it is taken out before searching. Nothing else is.
 */
import { readFileSync } from "node:fs";
import { DEMO_ACCOUNTS_FILE } from "../../src/accounts/index.js";

const DEMO_IDS: string[] = (JSON.parse(readFileSync(DEMO_ACCOUNTS_FILE, "utf8")) as { accounts: Array<{ accountId: string }> }).accounts.map((a) => a.accountId);

export function withoutDemoAccountIds(text: string): string {
  let out = text;
  for (const id of DEMO_IDS) out = out.split(id).join("<account id>");
  return out;
}

/** Where `digits` occur as a number of their own (not inside a longer number, id or hex string), with context. */
export function occurrences(text: string, digits: string): string[] {
  const pattern = new RegExp(`.{0,60}(?<![0-9A-Za-z])${digits}(?![0-9A-Za-z]).{0,40}`, "gs");
  return [...withoutDemoAccountIds(text).matchAll(pattern)].map((m) => m[0]);
}
