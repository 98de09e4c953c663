import type { Offer } from "../../domain/decision.js";
import { allOf, isOneOf } from "../condition.js";
import type { RuleContext } from "../context.js";
import type { OfferOutcome } from "./outcome.js";

type WaiverOffer = Extract<Offer, { type: "penalty_waiver" }>;

/**
 * OFFER_WAIVER — 减免罚息 (POLICY.md §4.4), an ADD-ON: only alongside at least one primary offer
 * (a waiver alone would forgive penalties without a plan to repay; with no primary offer,
 * ESC_NO_OPTION sends the case to a person, who may still waive). Eligible when
 * `penaltyAccruedMinor > 0` and the reason is one of `waiver.reasons`. The whole accrued
 * penalty is waived; strictly above `waiver.approvalAboveMinor` (CNY 5,000) an agent approves.
 */
export function offerWaiver(ctx: RuleContext, primaryOfferCount: number): OfferOutcome<WaiverOffer> {
  const { account, hardship } = ctx.input;
  const policy = ctx.policy.waiver;
  const penalty = account.penaltyAccruedMinor;
  const check = allOf([
    {
      ok: primaryOfferCount > 0,
      text: primaryOfferCount > 0 ? `${primaryOfferCount} primary offer(s) to accompany` : "no primary offer to accompany",
    },
    { ok: penalty > 0, text: `penaltyAccruedMinor ${penalty} ${penalty > 0 ? ">" : "="} 0` },
    isOneOf("reason", hardship.reason, policy.reasons, "a waiver reason"),
  ]);
  if (!check.holds) return { offer: null, detail: check.detail };
  const requiresApproval = penalty > policy.approvalAboveMinor;
  return {
    offer: { type: "penalty_waiver", ruleId: "OFFER_WAIVER", citation: policy.citation, amountMinor: penalty, requiresApproval },
    detail: `${check.detail}; ${penalty} ${requiresApproval ? ">" : "≤"} ${policy.approvalAboveMinor}: ${requiresApproval ? "agent approval required" : "no approval needed"}`,
  };
}
