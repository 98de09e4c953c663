import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Decision } from "../../src/domain/decision.js";
import { decide, decideUnknown, parsePolicy, RULE_ORDER, serializeDecision } from "../../src/rules/index.js";
import { cardCase, loanCase, policy } from "./builders.js";

describe("decide(): the decision as a whole", () => {
  it("when the README example case is decided, then it offers a 3-month deferral, a 44-month instalment and the waiver", () => {
    const json: unknown = JSON.parse(readFileSync(new URL("../../examples/case-card-medical.json", import.meta.url), "utf8"));

    const decision = decideUnknown(json, policy);

    expect(decision.policyVersion).to.equal("cn-2026.1");
    expect(decision.decision).to.equal("offer");
    expect(decision.offers.map((o) => [o.type, "months" in o ? o.months : o.ruleId])).to.deep.equal([
      ["payment_deferral", 3],
      ["personalized_instalment", 44],
      ["penalty_waiver", "OFFER_WAIVER"],
    ]);
  });

  for (const [name, input] of [
    ["an offerable card", cardCase()],
    ["an offerable loan", loanCase()],
    ["an escalated case", cardCase({ flags: { complaint: true } })],
  ] as const) {
    it(`when ${name} is decided, then the trace names all ${RULE_ORDER.length} rules in policy order and the output fits the Decision schema`, () => {
      const decision = decide(input, policy);

      expect(decision.trace.map((t) => t.ruleId)).to.deep.equal([...RULE_ORDER]);
      expect(() => Decision.parse(decision)).to.not.throw();
    });
  }

  it("when a decision is serialized, then its keys come in the fixed order of POLICY.md §5", () => {
    const text = serializeDecision(decide(loanCase(), policy));

    const parsed = JSON.parse(text) as Record<string, unknown> & { offers: Record<string, unknown>[]; trace: Record<string, unknown>[] };
    expect(Object.keys(parsed)).to.deep.equal(["policyVersion", "decision", "escalation", "offers", "trace"]);
    expect(Object.keys(parsed.offers[0] ?? {})).to.deep.equal([
      "type", "ruleId", "citation", "extensionMonths", "newTermMonths", "monthlyPaymentMinor", "requiresGuarantorConsent",
    ]);
    expect(Object.keys(parsed.trace[0] ?? {})).to.deep.equal(["ruleId", "outcome", "detail"]);
    expect(text.endsWith("}\n")).to.equal(true);
  });

  it("when the same case is decided twice, then the serialized bytes are identical", () => {
    const first = serializeDecision(decide(cardCase(), policy));

    const second = serializeDecision(decide(cardCase(), policy));

    expect(second).to.equal(first);
    expect(JSON.stringify(decide(cardCase(), policy), null, 2) + "\n").to.equal(first);
  });

  it("when a caller mutates an escalation it received, then later decisions are unaffected", () => {
    const first = decide(cardCase({ flags: { selfHarmRisk: true } }), policy);
    if (first.escalation) first.escalation.queue = "general";

    const second = decide(cardCase({ flags: { selfHarmRisk: true } }), policy);

    expect(second.escalation?.queue).to.equal("welfare");
  });

  it("when the policy pack lowers a threshold, then the engine follows the pack, not a constant", () => {
    const stricter = parsePolicy(
      { ...structuredClone(policy), escalation: { ...policy.escalation, recoveriesAfterDaysPastDue: 30 } },
      "test",
    );

    const decision = decide(cardCase({ account: { daysPastDue: 35 } }), stricter);

    expect(decision.escalation?.reason).to.equal("beyond_recovery_threshold");
  });

  it("when the policy pack carries another version, then the decision records that version", () => {
    const next = parsePolicy({ ...structuredClone(policy), policyVersion: "cn-2027.1" }, "test");

    expect(decide(cardCase(), next).policyVersion).to.equal("cn-2027.1");
  });
});
