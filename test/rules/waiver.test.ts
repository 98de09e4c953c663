import { expect } from "chai";
import { REASONS } from "../../src/domain/case.js";
import { decide } from "../../src/rules/index.js";
import { cardCase, offerOf, policy, traceOf } from "./builders.js";

const WAIVER_REASONS = ["medical", "disaster", "bereavement", "job_loss"];

describe("OFFER_WAIVER (减免罚息)", () => {
  for (const reason of REASONS.filter((r) => r !== "over_indebtedness")) {
    const waived = WAIVER_REASONS.includes(reason);
    it(`when the reason is ${reason} and a plan is offered, then ${waived ? "the penalty is waived" : "no waiver is offered"}`, () => {
      // over_12_months: no deferral, so every reason gets the same instalment plan.
      const input = cardCase({ hardship: { reason, expectedDuration: "over_12_months" }, account: { penaltyAccruedMinor: 32000 } });

      const decision = decide(input, policy);

      expect(offerOf(decision.offers, "personalized_instalment")).to.not.equal(undefined);
      expect(offerOf(decision.offers, "penalty_waiver")?.amountMinor ?? null).to.equal(waived ? 32000 : null);
    });
  }

  const approval: [penalty: number, requiresApproval: boolean][] = [
    [1, false],
    [500000, false],
    [500001, true],
  ];
  for (const [penalty, requiresApproval] of approval) {
    it(`when the accrued penalty is ${penalty}, then the waiver ${requiresApproval ? "needs" : "does not need"} an agent's approval`, () => {
      const decision = decide(cardCase({ account: { penaltyAccruedMinor: penalty } }), policy);

      expect(offerOf(decision.offers, "penalty_waiver")).to.deep.equal({
        type: "penalty_waiver",
        ruleId: "OFFER_WAIVER",
        citation: policy.waiver.citation,
        amountMinor: penalty,
        requiresApproval,
      });
    });
  }

  it("when no penalty has accrued, then no waiver is offered", () => {
    const decision = decide(cardCase({ account: { penaltyAccruedMinor: 0 } }), policy);

    expect(offerOf(decision.offers, "penalty_waiver")).to.equal(undefined);
    expect(traceOf(decision, "OFFER_WAIVER").detail).to.equal("penaltyAccruedMinor 0 = 0");
  });

  it("when the waiver's own conditions hold but no primary offer is eligible, then nothing is offered and the case escalates", () => {
    const input = cardCase({ hardship: { reason: "medical", expectedDuration: "unknown", affordableMonthlyMinor: 1000 }, account: { penaltyAccruedMinor: 32000 } });

    const decision = decide(input, policy);

    expect(decision.offers).to.deep.equal([]);
    expect(decision.escalation?.reason).to.equal("no_affordable_option");
    expect(traceOf(decision, "OFFER_WAIVER")).to.deep.include({ outcome: "passed", detail: "no primary offer to accompany" });
  });

  it("when a waiver is offered, then it comes after the primary offers", () => {
    const decision = decide(cardCase(), policy);

    expect(decision.offers.map((o) => o.type)).to.deep.equal(["payment_deferral", "personalized_instalment", "penalty_waiver"]);
  });
});
