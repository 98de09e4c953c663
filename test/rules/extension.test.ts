import { expect } from "chai";
import { decide, maxExtensionMonths } from "../../src/rules/index.js";
import { cardCase, loanCase, offerOf, policy, traceOf } from "./builders.js";

describe("maxExtensionMonths (《贷款通则》第十二条)", () => {
  const table: [original: number, maxExt: number][] = [
    [1, 1],
    [12, 12],
    [13, 6],
    [25, 12],
    [60, 30],
    [61, 36],
    [360, 36],
  ];
  for (const [original, maxExt] of table) {
    it(`when the original term is ${original} months, then the longest extension is ${maxExt} months`, () => {
      expect(maxExtensionMonths(original, policy.extension)).to.equal(maxExt);
    });
  }
});

describe("OFFER_EXTENSION (展期)", () => {
  // loanCase: CNY 12,000 at 0 %, 10 months remaining. payment(1200000, 0, n) = ceil(1200000 / n).
  const table: { name: string; original: number; affordable: number; e: number | null; payment?: number }[] = [
    { name: "CNY 1,000 a month is affordable (needs 12 months)", original: 24, affordable: 100000, e: 2, payment: 100000 },
    { name: "CNY 999.99 a month is affordable (needs 13 months)", original: 24, affordable: 99999, e: 3, payment: 92308 },
    { name: "a 13-month loan needs exactly its maxExt of 6 (16 months)", original: 13, affordable: 75000, e: 6, payment: 75000 },
    { name: "a 13-month loan needs 7 months, one over its maxExt of 6", original: 13, affordable: 74999, e: null },
    { name: "a 12-month loan needs 7 months, within its maxExt of 12", original: 12, affordable: 74999, e: 7, payment: 70589 },
    { name: "a 60-month loan needs 31 months, one over its maxExt of 30", original: 60, affordable: 29269, e: null },
    { name: "a 61-month loan needs 31 months, within its maxExt of 36", original: 61, affordable: 29269, e: 31, payment: 29269 },
  ];
  for (const row of table) {
    it(`when ${row.name}, then ${row.e === null ? "no extension is offered" : `the smallest extension, ${row.e} months, is offered`}`, () => {
      const input = loanCase({ account: { originalTermMonths: row.original }, hardship: { affordableMonthlyMinor: row.affordable } });

      const decision = decide(input, policy);

      const offer = offerOf(decision.offers, "term_extension");
      expect(offer?.extensionMonths ?? null).to.equal(row.e);
      if (row.e !== null) {
        expect(offer?.newTermMonths).to.equal(10 + row.e);
        expect(offer?.monthlyPaymentMinor).to.equal(row.payment);
      }
    });
  }

  it("when the rate is 12 % and 888.49 yuan is affordable on a 6-month remainder, then it extends by 6 to the textbook 12-month payment", () => {
    const input = loanCase({
      account: { outstandingMinor: 1000000, annualRateBps: 1200, originalTermMonths: 12, remainingTermMonths: 6 },
      hardship: { affordableMonthlyMinor: 88849 },
    });

    const offer = offerOf(decide(input, policy).offers, "term_extension");

    expect(offer).to.deep.include({ extensionMonths: 6, newTermMonths: 12, monthlyPaymentMinor: 88849 });
  });

  it("when the rate is 12 % and one fen less is affordable, then it extends by 7 months at 824.15 yuan", () => {
    const input = loanCase({
      account: { outstandingMinor: 1000000, annualRateBps: 1200, originalTermMonths: 12, remainingTermMonths: 6 },
      hardship: { affordableMonthlyMinor: 88848 },
    });

    const offer = offerOf(decide(input, policy).offers, "term_extension");

    expect(offer).to.deep.include({ extensionMonths: 7, newTermMonths: 13, monthlyPaymentMinor: 82415 });
  });

  it("when daysPastDue is 90, then an extension is offered", () => {
    const decision = decide(loanCase({ account: { daysPastDue: 90 } }), policy);

    expect(offerOf(decision.offers, "term_extension")).to.not.equal(undefined);
  });

  it("when daysPastDue is 91, then no extension is offered and the trace says why", () => {
    const decision = decide(loanCase({ account: { daysPastDue: 91 } }), policy);

    expect(offerOf(decision.offers, "term_extension")).to.equal(undefined);
    expect(traceOf(decision, "OFFER_EXTENSION")).to.deep.include({ outcome: "passed", detail: "daysPastDue 91 > 90" });
  });

  it("when the account is a credit card, then the rule passes with \"not a loan\"", () => {
    const decision = decide(cardCase(), policy);

    expect(traceOf(decision, "OFFER_EXTENSION")).to.deep.include({ outcome: "passed", detail: "not a loan (credit_card)" });
  });

  it("when the account is a business loan, then an extension is offered as for a consumer loan", () => {
    const decision = decide(loanCase({ account: { product: "business_loan" } }), policy);

    expect(offerOf(decision.offers, "term_extension")?.extensionMonths).to.equal(2);
  });

  it("when the loan is secured, then the extension requires the guarantor's written consent", () => {
    const offer = offerOf(decide(loanCase({ account: { secured: true } }), policy).offers, "term_extension");

    expect(offer?.requiresGuarantorConsent).to.equal(true);
  });

  it("when the loan is unsecured, then the extension needs no guarantor's consent and cites 第十二条", () => {
    const offer = offerOf(decide(loanCase({ account: { secured: false } }), policy).offers, "term_extension");

    expect(offer?.requiresGuarantorConsent).to.equal(false);
    expect(offer?.ruleId).to.equal("OFFER_EXTENSION");
    expect(offer?.citation).to.contain("《贷款通则》第十二条");
  });

  it("when the borrower offers more than disposable income allows, then the extension is sized on disposable income", () => {
    // affordable = min(200000 offered, 100000 disposable) → 12 months → e = 2 (not e = 1 at 109091).
    const input = loanCase({ hardship: { affordableMonthlyMinor: 200000, monthlyIncomeMinor: 400000, essentialExpensesMinor: 300000 } });

    const offer = offerOf(decide(input, policy).offers, "term_extension");

    expect(offer).to.deep.include({ extensionMonths: 2, monthlyPaymentMinor: 100000 });
  });
});
