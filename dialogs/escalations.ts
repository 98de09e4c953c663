import type { Escalation } from "../src/domain/decision.js";
import type { Flags } from "../src/domain/case.js";
import { escalationOf } from "../src/rules/index.js";
import type { SignalKind } from "../src/understanding/signals.js";

/**
 * Escalations the conversation raises before (or instead of) the engine: the engine's own rows
 * of POLICY.md §3 (one table, in src/rules), acted on at once because acting late is the harm.
 * `breakdown` is the repair guard's (POLICY.md §6); `unverified` follows the third failed check;
 * `existingArrangement` a new negotiation on an account that has an active one (§5a).
 */
export const CONVERSATION_ESCALATIONS = {
  selfHarm: escalationOf("ESC_SELF_HARM"),
  deceased: escalationOf("ESC_DECEASED"),
  fraud: escalationOf("ESC_FRAUD"),
  dispute: escalationOf("ESC_DISPUTE"),
  legal: escalationOf("ESC_LEGAL"),
  complaint: escalationOf("ESC_COMPLAINT"),
  requested: escalationOf("ESC_REQUESTED"),
  unverified: escalationOf("ESC_UNVERIFIED"),
  breakdown: { queue: "general", priority: "normal", reason: "conversation_breakdown" } as Escalation,
  existingArrangement: { queue: "specialist", priority: "normal", reason: "existing_arrangement" } as Escalation,
  /** A borrower with a serious illness or mental-health crisis who takes the specialist offered (§6). */
  vulnerable: { queue: "specialist", priority: "normal", reason: "borrower_request" } as Escalation,
} satisfies Record<string, Escalation>;

/** Each §3 signal heard in the borrower's words: its escalation and the flag it sets on the case. */
export const SIGNAL_ESCALATIONS: Record<SignalKind, { escalation: Escalation; flag: keyof Flags }> = {
  deceased: { escalation: CONVERSATION_ESCALATIONS.deceased, flag: "borrowerDeceased" },
  fraud: { escalation: CONVERSATION_ESCALATIONS.fraud, flag: "fraudClaim" },
  dispute: { escalation: CONVERSATION_ESCALATIONS.dispute, flag: "dispute" },
  legal: { escalation: CONVERSATION_ESCALATIONS.legal, flag: "legalRepresentation" },
  complaint: { escalation: CONVERSATION_ESCALATIONS.complaint, flag: "complaint" },
  human: { escalation: CONVERSATION_ESCALATIONS.requested, flag: "requestsHuman" },
};
