import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Account } from "../domain/case.js";
import { XieshangError } from "../errors.js";

/**
 * Who the borrower says they are: the last 4 digits of the card or loan account number and the
 * last 4 characters of the resident ID card number (身份证后四位, digits or a final X). Both are
 * what a Chinese bank's phone line asks, easy to type on a phone, and never logged.
 */
export interface IdentityClaim {
  accountLast4: string;
  idLast4: string;
}

/** An account whose holder passed verification: the facts the engine needs, and display data only. */
export interface VerifiedAccount {
  accountId: string;
  /** Last 4 digits of the account number — the only part of it ever shown. */
  accountLast4: string;
  /** The facts for HardshipCase.account. */
  account: Account;
}

export interface AccountDirectory {
  /** The matching account, or null. Implementations compare in constant time and never log the claim. */
  verify(claim: IdentityClaim): Promise<VerifiedAccount | null>;
}

export const ACCOUNT_LAST4 = /^\d{4}$/;
export const ID_LAST4 = /^\d{3}[\dX]$/;

/** Normalises what the borrower typed: full-width digits, spaces, a lower-case x. Null when it is not 4 characters of the right kind. */
export function normaliseAccountLast4(text: string): string | null {
  const v = text.normalize("NFKC").replace(/[\s-]/g, "");
  return ACCOUNT_LAST4.test(v) ? v : null;
}
export function normaliseIdLast4(text: string): string | null {
  const v = text.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
  return ID_LAST4.test(v) ? v : null;
}

const DemoAccount = z.strictObject({
  accountId: z.string().min(1),
  /** What the account is for in the demo (documentation only). */
  note: z.string().optional(),
  accountLast4: z.string().regex(ACCOUNT_LAST4),
  idLast4: z.string().regex(ID_LAST4),
  account: Account,
});
const DemoFile = z
  .strictObject({ accounts: z.array(DemoAccount).min(1) })
  .refine((f) => new Set(f.accounts.map((a) => a.accountId)).size === f.accounts.length, "accountId must be unique")
  .refine(
    (f) => new Set(f.accounts.map((a) => a.accountLast4)).size === f.accounts.length,
    "accountLast4 must be unique (it identifies the account)",
  );
type DemoAccount = z.infer<typeof DemoAccount>;

export const DEMO_ACCOUNTS_FILE = fileURLToPath(new URL("./demo-accounts.json", import.meta.url));

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** One account with the digests of its verification values, computed once at load. */
interface Entry {
  account: DemoAccount;
  accountDigest: Buffer;
  idDigest: Buffer;
}

/** The JSON-fixture directory (demo accounts by default; ACCOUNTS_FILE overrides). */
export class JsonAccountDirectory implements AccountDirectory {
  /** By the hex digest of the account's last 4 (unique in the file). */
  private readonly byAccount: ReadonlyMap<string, Entry>;
  /** Compared against when no account matches, so a miss does the same work as a hit. */
  private static readonly NO_ID = digest("");

  private constructor(accounts: readonly DemoAccount[]) {
    this.byAccount = new Map(
      accounts.map((account) => {
        const entry = { account, accountDigest: digest(account.accountLast4), idDigest: digest(account.idLast4) };
        return [entry.accountDigest.toString("hex"), entry];
      }),
    );
  }

  static fromFile(file: string = DEMO_ACCOUNTS_FILE): JsonAccountDirectory {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new XieshangError("config", `account directory ${file} cannot be read: ${(err as Error).message}`);
    }
    const parsed = DemoFile.safeParse(raw);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new XieshangError("config", `account directory ${file} is invalid — ${lines.join("; ")}`);
    }
    return new JsonAccountDirectory(parsed.data.accounts);
  }

  async verify(claim: IdentityClaim): Promise<VerifiedAccount | null> {
    // The claim is hashed once; the accounts are keyed by the digest of their last 4 (computed at
    // load), so the lookup costs the same for ten accounts or a million. The ID digests are
    // compared with timingSafeEqual, against a stand-in when no account matched, so a wrong
    // account number and a wrong ID take the same work.
    const accountDigest = digest(normaliseAccountLast4(claim.accountLast4) ?? "");
    const idDigest = digest(normaliseIdLast4(claim.idLast4) ?? "");
    const entry = this.byAccount.get(accountDigest.toString("hex"));
    const idOk = timingSafeEqual(entry?.idDigest ?? JsonAccountDirectory.NO_ID, idDigest);
    if (!entry || !idOk) return null;
    const match = entry.account;
    return { accountId: match.accountId, accountLast4: match.accountLast4, account: structuredClone(match.account) };
  }
}

/** The directory in a JSON file (ACCOUNTS_FILE), else the demo accounts; validated now. */
export function loadAccountDirectory(file?: string): AccountDirectory {
  return JsonAccountDirectory.fromFile(file ?? DEMO_ACCOUNTS_FILE);
}

/** The directory the configuration names: ACCOUNTS_FILE, else the demo accounts. */
export function createAccountDirectory(config: { ACCOUNTS_FILE?: string | undefined }): AccountDirectory {
  return loadAccountDirectory(config.ACCOUNTS_FILE);
}
