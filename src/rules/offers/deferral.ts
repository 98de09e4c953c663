import type { Offer } from "../../domain/decision.js";
import { allOf, atMost, isOneOf } from "../condition.js";
import type { RuleContext } from "../context.js";
import type { OfferOutcome } from "./outcome.js";

type DeferralOffer = Extract<Offer, { type: "payment_deferral" }>;

/**
 * OFFER_DEFERRAL — 延期还款 (POLICY.md §4.1), any product. Eligible only when ALL hold:
 * - the reason is temporary (policy `temporaryReasons`);
 * - `expectedDuration` has a length in `deferral.monthsByExpectedDuration` (under_3_months → 3,
 *   3_to_12_months → 6; over_12_months and unknown never defer: a holiday would not bridge them);
 * - `daysPastDue ≤ deferral.maxDaysPastDue` (90);
 * - `arrangementsLast12m ≤ deferral.maxArrangementsLast12m` (0: a second holiday within a year
 *   is a person's decision).
 * Payments resume at the contractual payment; penalty interest is waived during the deferral.
 */
export function offerDeferral(ctx: RuleContext): OfferOutcome<DeferralOffer> {
  const { account, hardship } = ctx.input;
  const policy = ctx.policy.deferral;
  const months = policy.monthsByExpectedDuration[hardship.expectedDuration];
  const check = allOf([
    isOneOf("reason", hardship.reason, ctx.policy.temporaryReasons, "temporary"),
    months === undefined
      ? { ok: false, text: `expectedDuration ${hardship.expectedDuration} allows no deferral` }
      : { ok: true, text: `expectedDuration ${hardship.expectedDuration} → ${months} months` },
    atMost("daysPastDue", account.daysPastDue, policy.maxDaysPastDue),
    atMost("arrangementsLast12m", account.arrangementsLast12m, policy.maxArrangementsLast12m),
  ]);
  if (!check.holds || months === undefined) return { offer: null, detail: check.detail };
  return {
    offer: {
      type: "payment_deferral",
      ruleId: "OFFER_DEFERRAL",
      citation: policy.citation,
      months,
      resumeMonthlyPaymentMinor: account.contractualMonthlyPaymentMinor,
    },
    detail: check.detail,
  };
}
