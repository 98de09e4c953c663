import type { HardshipCase } from "../domain/case.js";
import type { Decision, Escalation, Offer, TraceEntry } from "../domain/decision.js";
import { ruleContext } from "./context.js";
import { ESCALATION_RULES, NO_OPTION_ESCALATION, noOption } from "./escalations.js";
import { offerDeferral } from "./offers/deferral.js";
import { offerExtension } from "./offers/extension.js";
import { offerInstalment } from "./offers/instalment.js";
import { offerWaiver } from "./offers/waiver.js";
import type { Policy } from "./policy.js";
import { NO_OPTION_RULE_ID, RULE_ORDER, type RuleId } from "./rule-ids.js";

/**
 * The hardship decision (POLICY.md §3–§5): a pure, synchronous function of a validated case and
 * a policy pack — no I/O, clock or randomness. Escalations 1–13 are checked in order and the
 * first that holds decides; otherwise every eligible primary offer is made (deferral, extension,
 * instalment), the waiver is added alongside them, and rule 14 escalates when none is eligible.
 * The trace always lists all rules of RULE_ORDER: the ones after a decisive escalation as "skipped".
 * Every object is built with a fixed key order, so JSON.stringify of the result is byte-stable.
 */
export function decide(input: HardshipCase, policy: Policy): Decision {
  const ctx = ruleContext(input, policy);
  const trace: TraceEntry[] = [];

  for (const rule of ESCALATION_RULES) {
    const check = rule.check(ctx);
    trace.push(entry(rule.id, check.holds ? "fired" : "passed", check.detail));
    if (check.holds) return escalate(policy, rule.escalation, skipRest(trace, rule.id));
  }

  const offers: Offer[] = [];
  for (const [id, outcome] of [
    ["OFFER_DEFERRAL", offerDeferral(ctx)],
    ["OFFER_EXTENSION", offerExtension(ctx)],
    ["OFFER_INSTALMENT", offerInstalment(ctx)],
  ] as const) {
    trace.push(entry(id, outcome.offer ? "fired" : "passed", outcome.detail));
    if (outcome.offer) offers.push(outcome.offer);
  }
  const primaryCount = offers.length;
  const waiver = offerWaiver(ctx, primaryCount);
  trace.push(entry("OFFER_WAIVER", waiver.offer ? "fired" : "passed", waiver.detail));
  if (waiver.offer) offers.push(waiver.offer);

  const none = noOption(primaryCount);
  trace.push(entry(NO_OPTION_RULE_ID, none.holds ? "fired" : "passed", none.detail));
  if (none.holds) return escalate(policy, NO_OPTION_ESCALATION, trace);
  return { policyVersion: policy.policyVersion, decision: "offer", escalation: null, offers, trace };
}

function escalate(policy: Policy, escalation: Escalation, trace: TraceEntry[]): Decision {
  const { queue, priority, reason } = escalation;
  return { policyVersion: policy.policyVersion, decision: "escalate", escalation: { queue, priority, reason }, offers: [], trace };
}

/** Appends every rule after `decidedBy` as skipped. */
function skipRest(trace: TraceEntry[], decidedBy: RuleId): TraceEntry[] {
  for (const id of RULE_ORDER.slice(RULE_ORDER.indexOf(decidedBy) + 1)) {
    trace.push(entry(id, "skipped", `not evaluated: ${decidedBy} decided`));
  }
  return trace;
}

function entry(ruleId: RuleId, outcome: TraceEntry["outcome"], detail: string): TraceEntry {
  return { ruleId, outcome, detail };
}
