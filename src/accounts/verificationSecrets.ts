import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { normaliseAccountLast4 } from "./directory.js";

/** Used when no shared secret is configured: the same for every bot in this process, unknown elsewhere. */
const PROCESS_SECRET = randomBytes(32).toString("base64url");

function derive(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "xieshang", purpose, 32));
}

/**
 * Keys derived from the instances' shared secret (DIRECT_LINE_SECRET; one per process when it is
 * empty, which is one instance only) for the two things a verification must keep between turns
 * without keeping the digits (POLICY.md §8):
 * - `claimKey`: which account the failures count against (a keyed hash, so a dump of the store
 *   cannot be reversed by trying the 10,000 possible last-4s);
 * - `seal`/`open`: the account digits between the two questions (AES-256-GCM in dialog state).
 */
export class VerificationSecrets {
  private readonly claim: Buffer;
  private readonly seal_: Buffer;

  constructor(secret: string | undefined) {
    const base = secret && secret.length > 0 ? secret : PROCESS_SECRET;
    this.claim = derive(base, "verification claim key");
    this.seal_ = derive(base, "verification seal");
  }

  /** The lockout key of a claimed account: HMAC-SHA-256 of the normalised last 4 digits. */
  claimKey(accountLast4: string): string {
    const value = normaliseAccountLast4(accountLast4) ?? accountLast4;
    return createHmac("sha256", this.claim).update(`account:${value}`, "utf8").digest("base64url").slice(0, 32);
  }

  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.seal_, iv);
    const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The sealed value, or null when it was sealed with another key or tampered with. */
  open(sealed: string): string | null {
    try {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.seal_, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
}
