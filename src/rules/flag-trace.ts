import type { Flags } from "../domain/case.js";
import type { TraceEntry } from "../domain/decision.js";
import type { RuleContext } from "./context.js";
import { ESCALATION_RULES } from "./escalations.js";
import { RULE_ORDER } from "./rule-ids.js";

/** Rules 1–7 of POLICY.md §3: the ones that read nothing but the flags. */
const FLAG_RULES = ESCALATION_RULES.slice(0, 7);

/**
 * The trace of an escalation the conversation raised before the facts were complete (a signal in
 * the borrower's words, POLICY.md §6): the flag rules looked at in §3 order over the flags the
 * conversation set, the first that holds fired, every later rule skipped — the same shape as
 * decide()'s trace, so the handoff names the rule.
 */
export function flagTrace(flags: Flags): TraceEntry[] {
  const ctx = { input: { flags } } as unknown as RuleContext;
  const trace: TraceEntry[] = [];
  for (const rule of FLAG_RULES) {
    const check = rule.check(ctx);
    trace.push({ ruleId: rule.id, outcome: check.holds ? "fired" : "passed", detail: `${check.detail} (from the conversation)` });
    if (check.holds) {
      for (const id of RULE_ORDER.slice(RULE_ORDER.indexOf(rule.id) + 1)) trace.push({ ruleId: id, outcome: "skipped", detail: `not evaluated: ${rule.id} decided` });
      return trace;
    }
  }
  return trace;
}
