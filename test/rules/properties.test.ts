import { expect } from "chai";
import fc from "fast-check";
import { HardshipCase } from "../../src/domain/case.js";
import { Decision } from "../../src/domain/decision.js";
import { decide, payment, RULE_ORDER, serializeDecision } from "../../src/rules/index.js";
import { anyCase, offerableCase } from "./arbitraries.js";
import { policy } from "./builders.js";

const RUNS = { numRuns: 1000 };
/** Half arbitrary cases, half cases sized to land on the term limits. */
const someCase = fc.oneof(anyCase, offerableCase);
const PRIMARY = ["payment_deferral", "term_extension", "personalized_instalment"];

/** 《贷款通则》第十二条, written out independently of the engine. */
function legalMaxExtension(originalTermMonths: number): number {
  if (originalTermMonths <= 12) return originalTermMonths;
  if (originalTermMonths <= 60) return Math.floor(originalTermMonths / 2);
  return 36;
}

describe("decide(): properties over arbitrary valid cases", () => {
  it("when arbitrary cases are generated, then they are valid HardshipCases (the generators are honest)", () => {
    fc.assert(fc.property(someCase, (c) => HardshipCase.safeParse(c).success), RUNS);
  });

  it("when the same case is decided twice, even from a deep copy, then the output bytes are identical", () => {
    fc.assert(
      fc.property(someCase, (c) => serializeDecision(decide(c, policy)) === serializeDecision(decide(structuredClone(c), policy))),
      RUNS,
    );
  });

  it("when any case is decided, then the output fits the Decision schema", () => {
    fc.assert(fc.property(someCase, (c) => Decision.safeParse(decide(c, policy)).success), RUNS);
  });

  it("when an instalment is offered, then it never runs over 60 months", () => {
    fc.assert(
      fc.property(someCase, (c) =>
        decide(c, policy).offers.every((o) => o.type !== "personalized_instalment" || (o.months >= 1 && o.months <= 60)),
      ),
      RUNS,
    );
  });

  it("when an extension is offered, then it never exceeds the 《贷款通则》 limit for the original term", () => {
    fc.assert(
      fc.property(someCase, (c) =>
        decide(c, policy).offers.every(
          (o) =>
            o.type !== "term_extension" ||
            (o.extensionMonths >= 1 &&
              o.extensionMonths <= legalMaxExtension(c.account.originalTermMonths ?? 0) &&
              o.newTermMonths === (c.account.remainingTermMonths ?? 0) + o.extensionMonths &&
              o.requiresGuarantorConsent === c.account.secured),
        ),
      ),
      RUNS,
    );
  });

  it("when a plan with a monthly payment is offered, then the payment never exceeds min(affordable, disposable)", () => {
    fc.assert(
      fc.property(someCase, (c) => {
        const h = c.hardship;
        const cap = Math.min(h.affordableMonthlyMinor, Math.max(0, h.monthlyIncomeMinor - h.essentialExpensesMinor));
        return decide(c, policy).offers.every((o) => !("monthlyPaymentMinor" in o) || o.monthlyPaymentMinor <= cap);
      }),
      RUNS,
    );
  });

  it("when any flag is set or identity is unverified, then the decision escalates with no offers", () => {
    fc.assert(
      fc.property(someCase, (c) => {
        const d = decide(c, policy);
        if (d.decision === "escalate") expect(d.offers).to.deep.equal([]);
        if (d.decision === "escalate") expect(d.escalation).to.not.equal(null);
        if (d.decision === "offer") expect(d.escalation).to.equal(null);
        if (Object.values(c.flags).some(Boolean) || !c.identityVerified) expect(d.decision).to.equal("escalate");
      }),
      RUNS,
    );
  });

  it("when offers are made, then each carries an OFFER_ rule id and a citation, at least one is primary, and a waiver is never alone", () => {
    fc.assert(
      fc.property(someCase, (c) => {
        const { offers } = decide(c, policy);
        if (offers.length === 0) return;
        for (const o of offers) {
          expect(o.ruleId).to.match(/^OFFER_/);
          expect(o.citation.trim()).to.not.equal("");
        }
        expect(offers.some((o) => PRIMARY.includes(o.type))).to.equal(true);
      }),
      RUNS,
    );
  });

  it("when any case is decided, then the trace names every rule once, in policy order, skipped only after the one that fired", () => {
    fc.assert(
      fc.property(someCase, (c) => {
        const { trace, decision } = decide(c, policy);
        expect(trace.map((t) => t.ruleId)).to.deep.equal([...RULE_ORDER]);
        expect(trace.every((t) => t.detail.length > 0)).to.equal(true);
        const firstSkipped = trace.findIndex((t) => t.outcome === "skipped");
        if (firstSkipped >= 0) {
          expect(trace[firstSkipped - 1]?.outcome).to.equal("fired");
          expect(trace.slice(firstSkipped).every((t) => t.outcome === "skipped")).to.equal(true);
        }
        const escalationsFired = trace.filter((t) => t.ruleId.startsWith("ESC_") && t.outcome === "fired").length;
        expect(escalationsFired).to.equal(decision === "escalate" ? 1 : 0);
      }),
      RUNS,
    );
  });

  it("when generated cases are decided, then both offers and escalations occur (the properties above are not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(someCase, (c) => {
        const d = decide(c, policy);
        seen.add(d.decision);
        for (const o of d.offers) seen.add(o.type);
      }),
      { ...RUNS, seed: 2026 },
    );

    expect([...seen].sort()).to.deep.equal(["escalate", "offer", "payment_deferral", "penalty_waiver", "personalized_instalment", "term_extension"]);
  });

  describe("term searches against an independent oracle (cases sized to land on their limits)", () => {
    /** The smallest n in from..to whose payment fits cap, or null. */
    function smallest(P: number, bps: number, from: number, to: number, cap: number): number | null {
      for (let n = from; n <= to; n++) if (payment(P, bps, n) <= cap) return n;
      return null;
    }
    const capOf = (c: HardshipCase) =>
      Math.min(c.hardship.affordableMonthlyMinor, Math.max(0, c.hardship.monthlyIncomeMinor - c.hardship.essentialExpensesMinor));

    it("when a loan reaches the offer rules, then the extension is exactly the smallest affordable e within the 《贷款通则》 limit, or none", () => {
      fc.assert(
        fc.property(offerableCase, (c) => {
          const { originalTermMonths: original, remainingTermMonths: remaining, daysPastDue } = c.account;
          const offer = decide(c, policy).offers.find((o) => o.type === "term_extension");
          if (original === null || remaining === null || daysPastDue > 90) return offer === undefined;
          const n = smallest(c.account.outstandingMinor, c.account.annualRateBps, remaining + 1, remaining + legalMaxExtension(original), capOf(c));
          return n === null ? offer === undefined : offer?.extensionMonths === n - remaining && offer.monthlyPaymentMinor <= capOf(c);
        }),
        RUNS,
      );
    });

    it("when a card reaches the offer rules, then the instalment is exactly the smallest affordable m up to 60, or none", () => {
      fc.assert(
        fc.property(offerableCase, (c) => {
          const offer = decide(c, policy).offers.find((o) => o.type === "personalized_instalment");
          if (c.account.product !== "credit_card") return offer === undefined;
          const m = smallest(c.account.outstandingMinor, c.account.annualRateBps, 1, 60, capOf(c));
          return m === null ? offer === undefined : offer?.months === m;
        }),
        RUNS,
      );
    });
  });
});
