import type { Offer } from "../../domain/decision.js";
import { affordableText, type RuleContext } from "../context.js";
import { smallestAffordableTerm } from "../money.js";
import type { OfferOutcome } from "./outcome.js";

type InstalmentOffer = Extract<Offer, { type: "personalized_instalment" }>;

/**
 * OFFER_INSTALMENT — 个性化分期还款 (POLICY.md §4.3), credit cards only: a loan "passes" with
 * "not a credit card". Eligible when some m in 1..instalment.maxMonths (60, 第七十条: at most five
 * years) makes payment(outstanding, rate, m) ≤ affordable; the SMALLEST such m is offered.
 * Willingness to repay is already guaranteed by ESC_UNWILLING; there is no days-past-due
 * limit of its own (ESC_RECOVERIES caps it at 180).
 */
export function offerInstalment(ctx: RuleContext): OfferOutcome<InstalmentOffer> {
  const { account } = ctx.input;
  const policy = ctx.policy.instalment;
  if (account.product !== "credit_card") return { offer: null, detail: `not a credit card (${account.product})` };
  const found = smallestAffordableTerm(account.outstandingMinor, account.annualRateBps, 1, policy.maxMonths, ctx.affordableMinor);
  if (found === null) return { offer: null, detail: `no m in 1..${policy.maxMonths} fits ${affordableText(ctx)}` };
  return {
    offer: {
      type: "personalized_instalment",
      ruleId: "OFFER_INSTALMENT",
      citation: policy.citation,
      months: found.months,
      monthlyPaymentMinor: found.paymentMinor,
    },
    detail: `m ${found.months}: payment ${found.paymentMinor} ≤ ${affordableText(ctx)}`,
  };
}
