import { z } from "zod";
import { HardshipCase } from "./case.js";
import { Offer, TraceEntry, Escalation } from "./decision.js";
import { Locale } from "./classification.js";

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
