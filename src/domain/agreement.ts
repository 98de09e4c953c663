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
  status: z.enum(["waiting", "claimed", "closed"]),
  createdAt: z.string(),
});
export type HandoffRequest = z.infer<typeof HandoffRequest>;
