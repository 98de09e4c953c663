import type { HardshipCase } from "../domain/case.js";
import { affordableMinor, disposableMinor } from "./money.js";
import type { Policy } from "./policy.js";

/** What every rule reads: the validated facts, the policy pack and the derived facts (POLICY.md §2). */
export interface RuleContext {
  readonly input: HardshipCase;
  readonly policy: Policy;
  readonly disposableMinor: number;
  readonly affordableMinor: number;
}

export function ruleContext(input: HardshipCase, policy: Policy): RuleContext {
  return {
    input,
    policy,
    disposableMinor: disposableMinor(input.hardship),
    affordableMinor: affordableMinor(input.hardship),
  };
}

/** The trace's wording of the affordability cap, e.g. "affordable 150000 = min(affordableMonthly 150000, disposable 200000)". */
export function affordableText(ctx: RuleContext): string {
  return `affordable ${ctx.affordableMinor} = min(affordableMonthly ${ctx.input.hardship.affordableMonthlyMinor}, disposable ${ctx.disposableMinor})`;
}
