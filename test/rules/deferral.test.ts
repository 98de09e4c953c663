import { expect } from "chai";
import type { HardshipCase } from "../../src/domain/case.js";
import { REASONS } from "../../src/domain/case.js";
import { decide } from "../../src/rules/index.js";
import { cardCase, loanCase, offerOf, policy, traceOf } from "./builders.js";

const TEMPORARY = ["medical", "job_loss", "income_reduction", "disaster", "family_emergency", "bereavement"] as const;

describe("OFFER_DEFERRAL (延期还款)", () => {
  const table: { name: string; input: HardshipCase; months: number | null }[] = [
    { name: "the hardship should pass within 3 months", input: cardCase({ hardship: { expectedDuration: "under_3_months" } }), months: 3 },
    { name: "the hardship should pass within 3 to 12 months", input: cardCase({ hardship: { expectedDuration: "3_to_12_months" } }), months: 6 },
    { name: "the hardship will last over 12 months", input: cardCase({ hardship: { expectedDuration: "over_12_months" } }), months: null },
    { name: "the duration is unknown", input: cardCase({ hardship: { expectedDuration: "unknown" } }), months: null },
    { name: "daysPastDue is 90", input: cardCase({ account: { daysPastDue: 90 } }), months: 3 },
    { name: "daysPastDue is 91", input: cardCase({ account: { daysPastDue: 91 } }), months: null },
    { name: "there was no arrangement in the last 12 months", input: cardCase({ account: { arrangementsLast12m: 0 } }), months: 3 },
    { name: "there was one arrangement in the last 12 months", input: cardCase({ account: { arrangementsLast12m: 1 } }), months: null },
    { name: "the account is a loan", input: loanCase({ hardship: { expectedDuration: "3_to_12_months" } }), months: 6 },
    ...REASONS.filter((r) => r !== "over_indebtedness").map((reason) => ({
      name: `the reason is ${reason}`,
      input: cardCase({ hardship: { reason } }),
      months: (TEMPORARY as readonly string[]).includes(reason) ? 3 : null,
    })),
  ];
  for (const { name, input, months } of table) {
    it(`when ${name}, then ${months === null ? "no deferral is offered" : `a ${months}-month deferral is offered`}`, () => {
      const decision = decide(input, policy);

      const offer = offerOf(decision.offers, "payment_deferral");
      expect(offer?.months ?? null).to.equal(months);
      expect(traceOf(decision, "OFFER_DEFERRAL").outcome).to.equal(months === null ? "passed" : "fired");
    });
  }

  it("when a deferral is offered, then payments resume at the contractual payment and the offer cites its rule", () => {
    const decision = decide(cardCase({ account: { contractualMonthlyPaymentMinor: 240000 } }), policy);

    expect(offerOf(decision.offers, "payment_deferral")).to.deep.equal({
      type: "payment_deferral",
      ruleId: "OFFER_DEFERRAL",
      citation: policy.deferral.citation,
      months: 3,
      resumeMonthlyPaymentMinor: 240000,
    });
  });

  it("when several conditions fail, then the trace names each failing one", () => {
    const input = cardCase({ hardship: { reason: "other", expectedDuration: "unknown" }, account: { daysPastDue: 91, arrangementsLast12m: 1 } });

    const detail = traceOf(decide(input, policy), "OFFER_DEFERRAL").detail;

    expect(detail).to.equal(
      "reason other is not temporary; expectedDuration unknown allows no deferral; daysPastDue 91 > 90; arrangementsLast12m 1 > 0",
    );
  });
});
