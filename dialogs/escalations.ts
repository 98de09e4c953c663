import type { Escalation } from "../src/domain/decision.js";
import type { Intent } from "../src/domain/classification.js";
import { escalationOf } from "../src/rules/index.js";

/**
 * Escalations the conversation raises before (or instead of) the engine: the engine's own rows
 * of POLICY.md §3 (one table, in src/rules), acted on at once because acting late is the harm.
 * `breakdown` is the repair guard's (POLICY.md §6); `unverified` follows the third failed check.
 */
export const CONVERSATION_ESCALATIONS = {
  selfHarm: escalationOf("ESC_SELF_HARM"),
  fraud: escalationOf("ESC_FRAUD"),
  dispute: escalationOf("ESC_DISPUTE"),
  complaint: escalationOf("ESC_COMPLAINT"),
  requested: escalationOf("ESC_REQUESTED"),
  unverified: escalationOf("ESC_UNVERIFIED"),
  breakdown: { queue: "general", priority: "normal", reason: "conversation_breakdown" } as Escalation,
} satisfies Record<string, Escalation>;

/** Classifier intents that hand over at once (when confident). */
export const INTENT_ESCALATIONS: Partial<Record<Intent, Escalation>> = {
  request_human: CONVERSATION_ESCALATIONS.requested,
  report_fraud: CONVERSATION_ESCALATIONS.fraud,
  dispute_debt: CONVERSATION_ESCALATIONS.dispute,
  complaint: CONVERSATION_ESCALATIONS.complaint,
};
