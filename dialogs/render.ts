import { type Attachment, CardFactory } from "botbuilder";
import type { Hardship } from "../src/domain/case.js";
import type { Locale } from "../src/domain/classification.js";
import type { Offer } from "../src/domain/decision.js";
import type { VerifiedAccount } from "../src/accounts/index.js";
import { type Params, t } from "../src/i18n/catalog.js";
import { formatMoney, formatRate } from "../src/i18n/money.js";
import { cardButton } from "./prompts.js";

type Primary = Exclude<Offer, { type: "penalty_waiver" }>;
type Waiver = Extract<Offer, { type: "penalty_waiver" }>;

export function primaryOffers(offers: readonly Offer[]): Primary[] {
  return offers.filter((o): o is Primary => o.type !== "penalty_waiver");
}
export function waiverOf(offers: readonly Offer[]): Waiver | undefined {
  return offers.find((o): o is Waiver => o.type === "penalty_waiver");
}

/** The placeholders an offer's messages use, money already rendered. */
function offerParams(locale: Locale, offer: Offer, verified: VerifiedAccount, approvalAboveMinor: number): Params {
  const money = (minor: number) => formatMoney(minor, locale);
  const account = verified.account;
  const common: Params = {
    product: t(locale, `product.${account.product}`),
    balance: money(account.outstandingMinor),
    rate: formatRate(account.annualRateBps),
    limit: money(approvalAboveMinor),
  };
  switch (offer.type) {
    case "payment_deferral":
      return { ...common, months: offer.months, payment: money(offer.resumeMonthlyPaymentMinor) };
    case "term_extension":
      return { ...common, extension: offer.extensionMonths, term: offer.newTermMonths, payment: money(offer.monthlyPaymentMinor) };
    case "personalized_instalment":
      return { ...common, months: offer.months, payment: money(offer.monthlyPaymentMinor) };
    case "penalty_waiver":
      return { ...common, amount: money(offer.amountMinor) };
  }
}

/** One card per primary offer (with its choose button), and the waiver as an add-on card with its conditions. */
export function offerCards(locale: Locale, offers: readonly Offer[], verified: VerifiedAccount, approvalAboveMinor: number, token: string): Attachment[] {
  const cards = primaryOffers(offers).map((offer, i) => {
    const p = offerParams(locale, offer, verified, approvalAboveMinor);
    const lines = [t(locale, `offers.${offer.type}.text`, p)];
    if (offer.type === "term_extension" && offer.requiresGuarantorConsent) lines.push(t(locale, "offers.term_extension.guarantor"));
    lines.push(t(locale, "offers.citation", { citation: t(locale, `citation.${offer.ruleId}`) }));
    return CardFactory.heroCard(
      t(locale, "offers.cardTitle", { option: t(locale, "offers.option", { n: i + 1 }), title: t(locale, `offers.${offer.type}.title`, p) }),
      lines.join("\n\n"),
      undefined,
      [cardButton(t(locale, "offers.choose", { n: i + 1 }), { xs: "choose", n: i, token })],
    );
  });
  const waiver = waiverOf(offers);
  if (waiver) {
    const p = offerParams(locale, waiver, verified, approvalAboveMinor);
    const lines = [t(locale, "offers.penalty_waiver.text", p)];
    if (waiver.requiresApproval) lines.push(t(locale, "offers.penalty_waiver.approval", p));
    lines.push(t(locale, "offers.citation", { citation: t(locale, `citation.${waiver.ruleId}`) }));
    cards.push(CardFactory.heroCard(t(locale, "offers.penalty_waiver.title", p), lines.join("\n\n")));
  }
  return cards;
}

/** The full terms of the chosen offer (and the waiver alongside it): the text the borrower confirms. */
export function termsText(locale: Locale, chosen: Primary, waiver: Waiver | undefined, verified: VerifiedAccount, approvalAboveMinor: number): string {
  // The extra conditions continue the terms' own list (one markdown list, one line each).
  const terms = [t(locale, `terms.${chosen.type}`, offerParams(locale, chosen, verified, approvalAboveMinor))];
  if (chosen.type === "term_extension" && chosen.requiresGuarantorConsent) terms.push(t(locale, "terms.term_extension.guarantor"));
  if (waiver) {
    const p = offerParams(locale, waiver, verified, approvalAboveMinor);
    terms.push(t(locale, waiver.requiresApproval ? "terms.penalty_waiver.approval" : "terms.penalty_waiver", p));
  }
  return [t(locale, "terms.intro"), terms.join("\n")].join("\n\n");
}

/** The confirmed facts, for the summary. */
export function summaryText(locale: Locale, facts: Partial<Hardship>, verified: VerifiedAccount): string {
  const money = (minor: number | undefined) => (minor === undefined ? "—" : formatMoney(minor, locale));
  const label = (prefix: string, key: string | undefined) => (key === undefined ? "—" : t(locale, `${prefix}.${key}`));
  const body = t(locale, "summary.body", {
    product: t(locale, `product.${verified.account.product}`),
    balance: money(verified.account.outstandingMinor),
    reason: label("reason", facts.reason),
    duration: label("duration", facts.expectedDuration),
    income: money(facts.monthlyIncomeMinor),
    expenses: money(facts.essentialExpensesMinor),
    affordable: money(facts.affordableMonthlyMinor),
    willing: facts.willingToRepay === undefined ? "—" : t(locale, facts.willingToRepay ? "button.yes" : "button.no"),
  });
  return `${t(locale, "summary.title")}\n\n${body}`;
}
