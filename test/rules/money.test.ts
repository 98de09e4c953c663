import { expect } from "chai";
import { affordableMinor, disposableMinor, payment } from "../../src/rules/index.js";
import { cardCase } from "./builders.js";

describe("payment(P, rateBps, n)", () => {
  // Expected values computed by hand (50-digit decimal arithmetic), then rounded up to the fen.
  const table: { P: number; bps: number; n: number; expected: number; why: string }[] = [
    { P: 1200000, bps: 0, n: 12, expected: 100000, why: "r = 0: 1200000 / 12 exactly" },
    { P: 1000, bps: 0, n: 3, expected: 334, why: "r = 0: 333.33… rounds up" },
    { P: 1200000, bps: 0, n: 13, expected: 92308, why: "r = 0: 92307.69… rounds up" },
    { P: 1000000, bps: 1200, n: 12, expected: 88849, why: "1 %/month over 12: 88848.7887… (the textbook 888.49 yuan)" },
    { P: 1000000, bps: 1200, n: 24, expected: 47074, why: "1 %/month over 24: 47073.4722…" },
    { P: 100000, bps: 1200, n: 1, expected: 101000, why: "one month: principal plus 1 % interest, exactly 101000" },
    { P: 100000, bps: 2400, n: 2, expected: 51505, why: "2 %/month over 2: 51504.9504…" },
    { P: 4800000, bps: 1800, n: 44, expected: 149810, why: "1.5 %/month over 44: 149809.8246…" },
    { P: 4800000, bps: 1800, n: 43, expected: 152279, why: "1.5 %/month over 43: 152278.3140…" },
    { P: 0, bps: 1800, n: 6, expected: 0, why: "nothing owed, nothing to pay" },
  ];
  for (const { P, bps, n, expected, why } of table) {
    it(`when P = ${P}, rate = ${bps} bps and n = ${n}, then the payment is ${expected} (${why})`, () => {
      const result = payment(P, bps, n);

      expect(result).to.equal(expected);
    });
  }

  it("when the term is not a whole number of months of at least one, then it refuses with a RangeError", () => {
    expect(() => payment(1000, 0, 0)).to.throw(RangeError);
    expect(() => payment(1000, 0, 1.5)).to.throw(RangeError);
  });
});

describe("derived facts: disposable and affordable", () => {
  it("when income exceeds essential expenses, then disposable is the difference", () => {
    const { hardship } = cardCase({ hardship: { monthlyIncomeMinor: 600000, essentialExpensesMinor: 400000 } });

    expect(disposableMinor(hardship)).to.equal(200000);
  });

  it("when essential expenses exceed income, then disposable is zero, not negative", () => {
    const { hardship } = cardCase({ hardship: { monthlyIncomeMinor: 300000, essentialExpensesMinor: 400000 } });

    expect(disposableMinor(hardship)).to.equal(0);
  });

  it("when the borrower offers more than income and expenditure support, then affordable is capped at disposable", () => {
    const { hardship } = cardCase({
      hardship: { monthlyIncomeMinor: 500000, essentialExpensesMinor: 450000, affordableMonthlyMinor: 150000 },
    });

    expect(affordableMinor(hardship)).to.equal(50000);
  });

  it("when the borrower offers less than disposable, then affordable is the borrower's own figure", () => {
    const { hardship } = cardCase({
      hardship: { monthlyIncomeMinor: 600000, essentialExpensesMinor: 400000, affordableMonthlyMinor: 150000 },
    });

    expect(affordableMinor(hardship)).to.equal(150000);
  });
});
