import { z } from "zod";

export const QUEUES = ["welfare", "specialist", "disputes", "complaints", "general", "recoveries"] as const;
export const Queue = z.enum(QUEUES);
export type Queue = z.infer<typeof Queue>;

export const PRIORITIES = ["urgent", "high", "normal"] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const ESCALATION_REASONS = [
  "self_harm_risk",
  "deceased_borrower",
  "fraud_claim",
  "dispute",
  "legal_or_insolvency",
  "complaint",
  "borrower_request",
  "identity_unverified",
  "unwilling_to_repay",
  "beyond_recovery_threshold",
  "above_authority_limit",
  "repeated_broken_arrangements",
  "over_indebtedness",
  "no_affordable_option",
  // Raised by the conversation rather than by decide(): the repair guard, and a second arrangement
  // on an account that has an active one (POLICY.md §5a: it needs a person).
  "conversation_breakdown",
  "existing_arrangement",
] as const;
export const EscalationReason = z.enum(ESCALATION_REASONS);
export type EscalationReason = z.infer<typeof EscalationReason>;

export const Escalation = z.strictObject({ queue: Queue, priority: Priority, reason: EscalationReason });
export type Escalation = z.infer<typeof Escalation>;

const base = { ruleId: z.string(), citation: z.string() };
export const DeferralOffer = z.strictObject({
  type: z.literal("payment_deferral"),
  ...base,
  months: z.number().int(),
  resumeMonthlyPaymentMinor: z.number().int(),
});
export const ExtensionOffer = z.strictObject({
  type: z.literal("term_extension"),
  ...base,
  extensionMonths: z.number().int(),
  newTermMonths: z.number().int(),
  monthlyPaymentMinor: z.number().int(),
  requiresGuarantorConsent: z.boolean(),
});
export const InstalmentOffer = z.strictObject({
  type: z.literal("personalized_instalment"),
  ...base,
  months: z.number().int(),
  monthlyPaymentMinor: z.number().int(),
});
export const WaiverOffer = z.strictObject({
  type: z.literal("penalty_waiver"),
  ...base,
  amountMinor: z.number().int(),
  requiresApproval: z.boolean(),
});
export const Offer = z.discriminatedUnion("type", [DeferralOffer, ExtensionOffer, InstalmentOffer, WaiverOffer]);
export type Offer = z.infer<typeof Offer>;
export type OfferType = Offer["type"];

export const TraceEntry = z.strictObject({
  ruleId: z.string(),
  outcome: z.enum(["fired", "passed", "skipped"]),
  detail: z.string(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

/** The engine's output (POLICY.md §5). */
export const Decision = z.strictObject({
  policyVersion: z.string(),
  decision: z.enum(["offer", "escalate"]),
  escalation: Escalation.nullable(),
  offers: z.array(Offer),
  trace: z.array(TraceEntry),
});
export type Decision = z.infer<typeof Decision>;
