import { expect } from "chai";
import type { HardshipCase } from "../../src/domain/case.js";
import type { Escalation } from "../../src/domain/decision.js";
import { decide, ESCALATION_RULE_IDS, RULE_ORDER } from "../../src/rules/index.js";
import { cardCase, loanCase, policy, traceOf, withChanges } from "./builders.js";

/** Rules 1–13 (POLICY.md §3): how to make each hold, and where it routes. */
const RULES: { id: string; trigger: (c: HardshipCase) => HardshipCase; escalation: Escalation }[] = [
  { id: "ESC_SELF_HARM", trigger: (c) => withChanges(c, { flags: { selfHarmRisk: true } }), escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" } },
  { id: "ESC_DECEASED", trigger: (c) => withChanges(c, { flags: { borrowerDeceased: true } }), escalation: { queue: "specialist", priority: "high", reason: "deceased_borrower" } },
  { id: "ESC_FRAUD", trigger: (c) => withChanges(c, { flags: { fraudClaim: true } }), escalation: { queue: "disputes", priority: "high", reason: "fraud_claim" } },
  { id: "ESC_DISPUTE", trigger: (c) => withChanges(c, { flags: { dispute: true } }), escalation: { queue: "disputes", priority: "high", reason: "dispute" } },
  { id: "ESC_LEGAL", trigger: (c) => withChanges(c, { flags: { legalRepresentation: true } }), escalation: { queue: "specialist", priority: "high", reason: "legal_or_insolvency" } },
  { id: "ESC_COMPLAINT", trigger: (c) => withChanges(c, { flags: { complaint: true } }), escalation: { queue: "complaints", priority: "normal", reason: "complaint" } },
  { id: "ESC_REQUESTED", trigger: (c) => withChanges(c, { flags: { requestsHuman: true } }), escalation: { queue: "general", priority: "normal", reason: "borrower_request" } },
  { id: "ESC_UNVERIFIED", trigger: (c) => withChanges(c, { identityVerified: false }), escalation: { queue: "general", priority: "normal", reason: "identity_unverified" } },
  { id: "ESC_UNWILLING", trigger: (c) => withChanges(c, { hardship: { willingToRepay: false } }), escalation: { queue: "specialist", priority: "normal", reason: "unwilling_to_repay" } },
  { id: "ESC_RECOVERIES", trigger: (c) => withChanges(c, { account: { daysPastDue: 181 } }), escalation: { queue: "recoveries", priority: "normal", reason: "beyond_recovery_threshold" } },
  { id: "ESC_AUTHORITY", trigger: (c) => withChanges(c, { account: { outstandingMinor: 20000001 } }), escalation: { queue: "specialist", priority: "normal", reason: "above_authority_limit" } },
  { id: "ESC_BROKEN", trigger: (c) => withChanges(c, { account: { brokenArrangementsLast12m: 2 } }), escalation: { queue: "specialist", priority: "normal", reason: "repeated_broken_arrangements" } },
  { id: "ESC_OVERINDEBTED", trigger: (c) => withChanges(c, { hardship: { reason: "over_indebtedness" } }), escalation: { queue: "specialist", priority: "normal", reason: "over_indebtedness" } },
];

describe("escalation rules 1–13", () => {
  it("when the table above is compared with the engine's rule list, then it names the same rules in the same order", () => {
    expect(RULES.map((r) => r.id)).to.deep.equal([...ESCALATION_RULE_IDS]);
  });

  RULES.forEach((rule, index) => {
    it(`when only ${rule.id}'s condition holds on an otherwise offerable case, then it escalates to ${rule.escalation.queue}/${rule.escalation.priority} with no offers`, () => {
      const input = rule.trigger(cardCase());

      const decision = decide(input, policy);

      expect(decision.decision).to.equal("escalate");
      expect(decision.escalation).to.deep.equal(rule.escalation);
      expect(decision.offers).to.deep.equal([]);
      expect(decision.trace.map((t) => t.outcome)).to.deep.equal([
        ...Array<string>(index).fill("passed"),
        "fired",
        ...Array<string>(RULE_ORDER.length - index - 1).fill("skipped"),
      ]);
    });

    it(`when ${rule.id} and every later escalation condition hold together, then ${rule.id} decides`, () => {
      const input = RULES.slice(index).reduce((c, r) => r.trigger(c), cardCase());

      const decision = decide(input, policy);

      expect(decision.escalation).to.deep.equal(rule.escalation);
      expect(traceOf(decision, rule.id).outcome).to.equal("fired");
    });
  });

  it("when bankruptcy alone is flagged, then ESC_LEGAL fires", () => {
    const decision = decide(cardCase({ flags: { bankruptcy: true } }), policy);

    expect(decision.escalation?.reason).to.equal("legal_or_insolvency");
    expect(traceOf(decision, "ESC_LEGAL").detail).to.equal("flags.legalRepresentation false, flags.bankruptcy true");
  });

  it("when an escalation fires, then every later rule is traced as skipped, naming the rule that decided", () => {
    const decision = decide(cardCase({ flags: { fraudClaim: true } }), policy);

    const after = decision.trace.slice(RULE_ORDER.indexOf("ESC_FRAUD") + 1);
    expect(after.map((t) => t.ruleId)).to.deep.equal(RULE_ORDER.slice(RULE_ORDER.indexOf("ESC_FRAUD") + 1));
    expect(after.every((t) => t.outcome === "skipped" && t.detail === "not evaluated: ESC_FRAUD decided")).to.equal(true);
  });
});

describe("escalation thresholds", () => {
  const table: { name: string; input: HardshipCase; rule: string; outcome: "fired" | "passed"; detail: string }[] = [
    { name: "daysPastDue is 180", input: cardCase({ account: { daysPastDue: 180 } }), rule: "ESC_RECOVERIES", outcome: "passed", detail: "daysPastDue 180 ≤ 180" },
    { name: "daysPastDue is 181", input: cardCase({ account: { daysPastDue: 181 } }), rule: "ESC_RECOVERIES", outcome: "fired", detail: "daysPastDue 181 > 180" },
    { name: "outstanding is CNY 200,000.00", input: cardCase({ account: { outstandingMinor: 20000000 } }), rule: "ESC_AUTHORITY", outcome: "passed", detail: "outstandingMinor 20000000 ≤ 20000000" },
    { name: "outstanding is CNY 200,000.01", input: cardCase({ account: { outstandingMinor: 20000001 } }), rule: "ESC_AUTHORITY", outcome: "fired", detail: "outstandingMinor 20000001 > 20000000" },
    { name: "one arrangement was broken", input: cardCase({ account: { brokenArrangementsLast12m: 1 } }), rule: "ESC_BROKEN", outcome: "passed", detail: "brokenArrangementsLast12m 1 < 2" },
    { name: "two arrangements were broken", input: cardCase({ account: { brokenArrangementsLast12m: 2 } }), rule: "ESC_BROKEN", outcome: "fired", detail: "brokenArrangementsLast12m 2 ≥ 2" },
    { name: "the reason is over-indebtedness", input: loanCase({ hardship: { reason: "over_indebtedness" } }), rule: "ESC_OVERINDEBTED", outcome: "fired", detail: "hardship.reason over_indebtedness" },
    { name: "identity is not verified", input: loanCase({ identityVerified: false }), rule: "ESC_UNVERIFIED", outcome: "fired", detail: "identityVerified false" },
  ];
  for (const row of table) {
    it(`when ${row.name}, then ${row.rule} is ${row.outcome} ("${row.detail}")`, () => {
      const decision = decide(row.input, policy);

      expect(traceOf(decision, row.rule)).to.deep.equal({ ruleId: row.rule, outcome: row.outcome, detail: row.detail });
    });
  }

  it("when daysPastDue is 180 and outstanding is exactly at the authority limit, then the case is not escalated by either rule", () => {
    const decision = decide(cardCase({ account: { daysPastDue: 180, outstandingMinor: 20000000 } }), policy);

    expect(decision.escalation?.reason).to.not.be.oneOf(["beyond_recovery_threshold", "above_authority_limit"]);
  });
});

describe("ESC_NO_OPTION (rule 14)", () => {
  it("when no primary offer is eligible, then it fires after the offer rules and routes to a specialist", () => {
    const input = cardCase({ hardship: { expectedDuration: "unknown", affordableMonthlyMinor: 1000 } });

    const decision = decide(input, policy);

    expect(decision.decision).to.equal("escalate");
    expect(decision.escalation).to.deep.equal({ queue: "specialist", priority: "normal", reason: "no_affordable_option" });
    expect(decision.trace.at(-1)).to.deep.equal({ ruleId: "ESC_NO_OPTION", outcome: "fired", detail: "no primary offer is eligible" });
  });

  it("when a primary offer is eligible, then it is traced as passed and the decision is an offer", () => {
    const decision = decide(loanCase(), policy);

    expect(decision.decision).to.equal("offer");
    expect(decision.escalation).to.equal(null);
    expect(decision.trace.at(-1)).to.deep.equal({ ruleId: "ESC_NO_OPTION", outcome: "passed", detail: "1 primary offer(s) eligible" });
  });
});
