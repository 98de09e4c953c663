/* Offers in words, from the engine's offer objects (amounts in minor units). */
import { money } from "./format.js";

export function offerText(offer, t, locale) {
  switch (offer.type) {
    case "payment_deferral":
      return t("offer.payment_deferral", { months: offer.months, payment: money(offer.resumeMonthlyPaymentMinor, locale) });
    case "term_extension":
      return t("offer.term_extension", { months: offer.extensionMonths, term: offer.newTermMonths, payment: money(offer.monthlyPaymentMinor, locale) });
    case "personalized_instalment":
      return t("offer.personalized_instalment", { months: offer.months, payment: money(offer.monthlyPaymentMinor, locale) });
    case "penalty_waiver":
      return t("offer.penalty_waiver", { amount: money(offer.amountMinor, locale) });
    default:
      return String(offer.type);
  }
}

export function offerFlags(offer, t) {
  const flags = [];
  if (offer.requiresApproval) flags.push(t("offer.needsApproval"));
  if (offer.requiresGuarantorConsent) flags.push(t("offer.needsGuarantor"));
  return flags;
}
