import type { Escalation } from "../src/domain/decision.js";
import type { Intent } from "../src/domain/classification.js";

/**
 * Escalations the conversation raises before (or instead of) the engine: the same queue,
 * priority and reason as the rows of POLICY.md §3, acted on at once because acting late is the
 * harm. `breakdown` is the repair guard's (POLICY.md §6) and `unverified` the third failed check.
 */
export const CONVERSATION_ESCALATIONS = {
  selfHarm: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" }, // ESC_SELF_HARM
  fraud: { queue: "disputes", priority: "high", reason: "fraud_claim" }, // ESC_FRAUD
  dispute: { queue: "disputes", priority: "high", reason: "dispute" }, // ESC_DISPUTE
  complaint: { queue: "complaints", priority: "normal", reason: "complaint" }, // ESC_COMPLAINT
  requested: { queue: "general", priority: "normal", reason: "borrower_request" }, // ESC_REQUESTED
  unverified: { queue: "general", priority: "normal", reason: "identity_unverified" }, // ESC_UNVERIFIED
  breakdown: { queue: "general", priority: "normal", reason: "conversation_breakdown" },
} as const satisfies Record<string, Escalation>;

/** Classifier intents that hand over at once (when confident). */
export const INTENT_ESCALATIONS: Partial<Record<Intent, Escalation>> = {
  request_human: CONVERSATION_ESCALATIONS.requested,
  report_fraud: CONVERSATION_ESCALATIONS.fraud,
  dispute_debt: CONVERSATION_ESCALATIONS.dispute,
  complaint: CONVERSATION_ESCALATIONS.complaint,
};
