import { expect } from "chai";
import { decide } from "../../src/rules/index.js";
import { cardCase, loanCase, offerOf, policy, traceOf } from "./builders.js";

describe("OFFER_INSTALMENT (个性化分期还款)", () => {
  // Deferral is switched off (over_12_months) so the instalment stands alone.
  const table: { name: string; P: number; bps: number; affordable: number; m: number | null; payment?: number }[] = [
    { name: "CNY 12,000 at 0 % with CNY 1,000 affordable", P: 1200000, bps: 0, affordable: 100000, m: 12, payment: 100000 },
    { name: "CNY 12,000 at 0 % with CNY 999.99 affordable", P: 1200000, bps: 0, affordable: 99999, m: 13, payment: 92308 },
    { name: "CNY 10 at 0 % with CNY 3.34 affordable", P: 1000, bps: 0, affordable: 334, m: 3, payment: 334 },
    { name: "CNY 60,000 at 0 % with CNY 1,000 affordable (exactly 60 months)", P: 6000000, bps: 0, affordable: 100000, m: 60, payment: 100000 },
    { name: "CNY 60,000 at 0 % with CNY 999.99 affordable (would need 61 months)", P: 6000000, bps: 0, affordable: 99999, m: null },
    { name: "CNY 48,000 at 18 % with CNY 1,500 affordable", P: 4800000, bps: 1800, affordable: 150000, m: 44, payment: 149810 },
    { name: "CNY 48,000 at 18 % with CNY 720 affordable (not even the interest)", P: 4800000, bps: 1800, affordable: 72000, m: null },
  ];
  for (const row of table) {
    it(`when ${row.name}, then ${row.m === null ? "no instalment is offered" : `the smallest plan, ${row.m} months at ${row.payment}, is offered`}`, () => {
      const input = cardCase({
        account: { outstandingMinor: row.P, annualRateBps: row.bps },
        hardship: { expectedDuration: "over_12_months", affordableMonthlyMinor: row.affordable },
      });

      const decision = decide(input, policy);

      const offer = offerOf(decision.offers, "personalized_instalment");
      expect(offer?.months ?? null).to.equal(row.m);
      expect(offer?.monthlyPaymentMinor).to.equal(row.payment);
      expect(traceOf(decision, "OFFER_INSTALMENT").outcome).to.equal(row.m === null ? "passed" : "fired");
    });
  }

  it("when no plan fits within 60 months, then the trace says so and ESC_NO_OPTION escalates", () => {
    const input = cardCase({ account: { outstandingMinor: 6000000, annualRateBps: 0 }, hardship: { expectedDuration: "over_12_months", affordableMonthlyMinor: 99999 } });

    const decision = decide(input, policy);

    expect(traceOf(decision, "OFFER_INSTALMENT").detail).to.equal(
      "no m in 1..60 fits affordable 99999 = min(affordableMonthly 99999, disposable 200000)",
    );
    expect(decision.escalation?.reason).to.equal("no_affordable_option");
  });

  it("when the account is a loan, then the rule passes with \"not a credit card\"", () => {
    const decision = decide(loanCase(), policy);

    expect(traceOf(decision, "OFFER_INSTALMENT")).to.deep.include({ outcome: "passed", detail: "not a credit card (consumer_loan)" });
  });

  it("when an instalment is offered, then it carries its rule id and cites 第七十条", () => {
    const offer = offerOf(decide(cardCase(), policy).offers, "personalized_instalment");

    expect(offer?.ruleId).to.equal("OFFER_INSTALMENT");
    expect(offer?.citation).to.contain("《商业银行信用卡业务监督管理办法》第七十条");
  });

  it("when disposable income is below what the borrower offers, then the plan is sized on disposable income", () => {
    // affordable = min(150000, 600000 − 500000 = 100000): CNY 12,000 at 0 % → 12 months, not 8.
    const input = cardCase({
      account: { outstandingMinor: 1200000, annualRateBps: 0 },
      hardship: { monthlyIncomeMinor: 600000, essentialExpensesMinor: 500000, affordableMonthlyMinor: 150000 },
    });

    const offer = offerOf(decide(input, policy).offers, "personalized_instalment");

    expect(offer).to.deep.include({ months: 12, monthlyPaymentMinor: 100000 });
  });
});
