import { HardshipCase } from "../domain/case.js";
import type { Decision } from "../domain/decision.js";
import { XieshangError } from "../errors.js";
import { decide } from "./decide.js";
import { formatIssues } from "./issues.js";
import type { Policy } from "./policy.js";

/**
 * Validates untrusted input as a HardshipCase (unknown fields rejected; term fields null for
 * cards and required for loans).
 * @throws XieshangError("bad_request", "account.daysPastDue: expected number, received string") — one line naming each bad field (up to three).
 */
export function parseCase(json: unknown): HardshipCase {
  const parsed = HardshipCase.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new XieshangError("bad_request", formatIssues(parsed.error.issues));
  return parsed.data;
}

/** decide() for input that has not been validated yet: parseCase, then decide. */
export function decideUnknown(json: unknown, policy: Policy): Decision {
  return decide(parseCase(json), policy);
}
