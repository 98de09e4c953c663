import { z } from "zod";
import { HardshipCase } from "./case.js";
import { Offer, TraceEntry, Escalation } from "./decision.js";
import { Locale } from "./classification.js";

/**
 * POLICY.md §5a: `agreed`; `pending_approval` (a waiver above the approval limit, until a
 * supervisor decides); `pending_guarantor_consent` (a secured loan's extension). A supervisor's
 * rejection of a pending waiver makes it `rejected`.
 */
export const AgreementStatus = z.enum(["agreed", "pending_approval", "pending_guarantor_consent", "rejected"]);
export type AgreementStatus = z.infer<typeof AgreementStatus>;

/** A waiver above the approval limit is among the agreed offers: a supervisor must decide it. */
export function needsApproval(offers: readonly Offer[]): boolean {
  return offers.some((o) => o.type === "penalty_waiver" && o.requiresApproval);
}

/**
 * The status an arrangement is stored with, whoever made it (the dialog or an agent's offer): a
 * secured loan's extension waits on the guarantor first; otherwise a waiver needing approval waits
 * on a supervisor (when both apply, the approval task is still opened: see needsApproval).
 */
export function statusOf(offers: readonly Offer[]): AgreementStatus {
  if (offers.some((o) => o.type === "term_extension" && o.requiresGuarantorConsent)) return "pending_guarantor_consent";
  return needsApproval(offers) ? "pending_approval" : "agreed";
}

/** The borrower's consent as the bank must be able to prove it (POLICY.md §5a). */
export const Consent = z.strictObject({
  /** The id of the borrower's activity that gave consent (the channel's id, or clientActivityID). */
  activityId: z.string(),
  channel: z.string(),
  /** The exact words typed, or the label of the button pressed. */
  words: z.string(),
  /** True when the current terms' agree button was pressed (or its exact label typed). */
  button: z.boolean(),
  at: z.string(),
});
export type Consent = z.infer<typeof Consent>;

/** A signed arrangement: stored once, never changed (append-only audit). */
export const Agreement = z.strictObject({
  id: z.string(),
  conversationId: z.string(),
  accountId: z.string(),
  locale: Locale,
  case: HardshipCase,
  offers: z.array(Offer).min(1),
  policyVersion: z.string(),
  trace: z.array(TraceEntry),
  /** The exact text the borrower saw and confirmed. */
  textShown: z.string(),
  /** Every offer shown to the borrower, in order (the chosen ones are in `offers`). */
  offersShown: z.array(Offer),
  consent: Consent,
  /** When identity was verified in this conversation. */
  verifiedAt: z.string().nullable(),
  /** The agent who sent the offer, when a person did. */
  agentId: z.string().nullable(),
  /** A vulnerability note the borrower consented to keep (POLICY.md §6), or null. */
  vulnerabilityNote: z.string().nullable(),
  status: AgreementStatus,
  createdAt: z.string(),
});
export type Agreement = z.infer<typeof Agreement>;

/** Where a handoff is (the transition table is src/handoff/transitions.ts). Open = waiting or claimed. */
export const HANDOFF_STATUSES = ["waiting", "claimed", "returned", "closed"] as const;
export const HandoffStatus = z.enum(HANDOFF_STATUSES);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

/** How a person closed a handoff. */
export const HANDOFF_OUTCOMES = ["arrangement_made", "referred", "borrower_left", "duplicate", "other"] as const;
export const HandoffOutcome = z.enum(HANDOFF_OUTCOMES);
export type HandoffOutcome = z.infer<typeof HandoffOutcome>;

/** An agent as the handoff records them (id and the name the console shows). */
export const AgentRef = z.strictObject({ id: z.string(), displayName: z.string() });
export type AgentRef = z.infer<typeof AgentRef>;

/** An offer an agent sent to the borrower, waiting for the borrower's explicit yes (POLICY.md §6). */
export const PendingAgentOffer = z.strictObject({
  offerId: z.string(),
  decisionId: z.string(),
  agentId: z.string(),
  offer: Offer,
  /** Every offer of that decision (the agreement records what was shown). */
  offersShown: z.array(Offer),
  case: HardshipCase,
  policyVersion: z.string(),
  trace: z.array(TraceEntry),
  textShown: z.string(),
  sentAt: z.string(),
});
export type PendingAgentOffer = z.infer<typeof PendingAgentOffer>;

/** A request for a person to take over a conversation. */
export const HandoffRequest = z.strictObject({
  id: z.string(),
  conversationId: z.string(),
  queue: Escalation.shape.queue,
  priority: Escalation.shape.priority,
  reason: Escalation.shape.reason,
  locale: Locale,
  accountId: z.string().nullable(),
  /** Facts the borrower confirmed so far (partial: an escalation can come at any step). */
  facts: z.record(z.string(), z.unknown()),
  trace: z.array(TraceEntry),
  transcript: z.array(z.strictObject({ from: z.enum(["borrower", "bot", "agent"]), text: z.string(), at: z.string() })),
  status: HandoffStatus,
  createdAt: z.string(),
  // Kept by src/handoff/service.ts (optional so that requests stored before them still read).
  updatedAt: z.string().optional(),
  claimedBy: AgentRef.nullable().optional(),
  claimedAt: z.string().nullable().optional(),
  closedAt: z.string().nullable().optional(),
  outcome: HandoffOutcome.nullable().optional(),
  /** Why the handoff was raised to urgent after it was opened (e.g. "self_harm_signal"). */
  urgentReason: z.string().nullable().optional(),
  callbackRequested: z.boolean().optional(),
  /** The borrower's channel ("directline", "msteams", …). */
  channel: z.string().optional(),
  lastBorrowerMessageAt: z.string().nullable().optional(),
  transferredFrom: Escalation.shape.queue.nullable().optional(),
  pendingOffer: PendingAgentOffer.nullable().optional(),
});
export type HandoffRequest = z.infer<typeof HandoffRequest>;

/** Waiting for or with a person: the bot does not negotiate. */
export function isOpenStatus(status: HandoffStatus): boolean {
  return status === "waiting" || status === "claimed";
}
