import type { Offer } from "../../domain/decision.js";
import { atMost } from "../condition.js";
import { affordableText, type RuleContext } from "../context.js";
import { smallestAffordableTerm } from "../money.js";
import { maxExtensionMonths, maxExtensionText } from "./extension-limit.js";
import type { OfferOutcome } from "./outcome.js";

type ExtensionOffer = Extract<Offer, { type: "term_extension" }>;

/**
 * OFFER_EXTENSION — 展期 (POLICY.md §4.2), loans only: a credit card "passes" with "not a loan".
 * Eligible when `daysPastDue ≤ extension.maxDaysPastDue` (90), `remainingTermMonths ≥ 1`, and some
 * e in 1..maxExt makes payment(outstanding, rate, remaining + e) ≤ affordable. The SMALLEST such e
 * is offered (least extra interest). A secured loan needs the guarantor's written consent.
 * `remainingTermMonths` is not checked against `originalTermMonths` (a loan already extended
 * once may have more remaining than original); the cap always comes from the original term.
 */
export function offerExtension(ctx: RuleContext): OfferOutcome<ExtensionOffer> {
  const { account } = ctx.input;
  const policy = ctx.policy.extension;
  const original = account.originalTermMonths;
  const remaining = account.remainingTermMonths;
  if (account.product === "credit_card" || original === null || remaining === null) {
    return { offer: null, detail: `not a loan (${account.product})` };
  }
  const dpd = atMost("daysPastDue", account.daysPastDue, policy.maxDaysPastDue);
  if (!dpd.ok) return { offer: null, detail: dpd.text };
  const maxExt = maxExtensionMonths(original, policy);
  const limitText = maxExtensionText(original, policy);
  const found = smallestAffordableTerm(
    account.outstandingMinor,
    account.annualRateBps,
    remaining + 1,
    remaining + maxExt,
    ctx.affordableMinor,
  );
  if (found === null) {
    return { offer: null, detail: `${dpd.text}; ${limitText}; no e in 1..${maxExt} fits ${affordableText(ctx)}` };
  }
  const e = found.months - remaining;
  return {
    offer: {
      type: "term_extension",
      ruleId: "OFFER_EXTENSION",
      citation: policy.citation,
      extensionMonths: e,
      newTermMonths: found.months,
      monthlyPaymentMinor: found.paymentMinor,
      requiresGuarantorConsent: account.secured,
    },
    detail: `${dpd.text}; ${limitText}; e ${e}: payment ${found.paymentMinor} over ${found.months} months ≤ ${affordableText(ctx)}`,
  };
}
