import type { Flags } from "../domain/case.js";
import type { Escalation } from "../domain/decision.js";
import type { Check } from "./condition.js";
import type { RuleContext } from "./context.js";
import type { EscalationRuleId } from "./rule-ids.js";

/** One row of POLICY.md §3: when it holds, the case goes to `escalation` and nothing later is looked at. */
export interface EscalationRule {
  readonly id: EscalationRuleId;
  readonly escalation: Escalation;
  readonly check: (ctx: RuleContext) => Check;
}

function flagCheck(ctx: RuleContext, name: keyof Flags): Check {
  const value = ctx.input.flags[name];
  return { holds: value, detail: `flags.${name} ${value}` };
}

/** 1. Self-harm risk outranks everything: the borrower's safety comes before any debt. */
export const selfHarm = (ctx: RuleContext): Check => flagCheck(ctx, "selfHarmRisk");
/** 2. A deceased borrower's estate is handled by a specialist. */
export const deceased = (ctx: RuleContext): Check => flagCheck(ctx, "borrowerDeceased");
/** 3. A fraud claim stops negotiation on a debt that may not be the borrower's. */
export const fraud = (ctx: RuleContext): Check => flagCheck(ctx, "fraudClaim");
/** 4. A disputed debt is investigated before any plan on it. */
export const dispute = (ctx: RuleContext): Check => flagCheck(ctx, "dispute");

/** 5. A lawyer or an insolvency procedure means a specialist speaks, not the bot. */
export function legal(ctx: RuleContext): Check {
  const { legalRepresentation, bankruptcy } = ctx.input.flags;
  return {
    holds: legalRepresentation || bankruptcy,
    detail: `flags.legalRepresentation ${legalRepresentation}, flags.bankruptcy ${bankruptcy}`,
  };
}

/** 6. A complaint goes to the complaints team. */
export const complaint = (ctx: RuleContext): Check => flagCheck(ctx, "complaint");
/** 7. A request for a person is never refused or delayed. */
export const requested = (ctx: RuleContext): Check => flagCheck(ctx, "requestsHuman");

/** 8. No offer is made to a borrower whose identity is not verified. */
export function unverified(ctx: RuleContext): Check {
  return { holds: !ctx.input.identityVerified, detail: `identityVerified ${ctx.input.identityVerified}` };
}

/** 9. The instalment rule (第七十条) presumes willingness to repay; without it a person talks. */
export function unwilling(ctx: RuleContext): Check {
  const willing = ctx.input.hardship.willingToRepay;
  return { holds: !willing, detail: `hardship.willingToRepay ${willing}` };
}

/** 10. Far past due: recoveries. Fires strictly above the threshold (180 stays, 181 goes). */
export function recoveries(ctx: RuleContext): Check {
  return above("daysPastDue", ctx.input.account.daysPastDue, ctx.policy.escalation.recoveriesAfterDaysPastDue);
}

/** 11. Above the bot's authority: a specialist. Fires strictly above the limit. */
export function authority(ctx: RuleContext): Check {
  return above("outstandingMinor", ctx.input.account.outstandingMinor, ctx.policy.escalation.authorityLimitMinor);
}

/** 12. Repeatedly broken arrangements: a person reviews. Fires at or above the limit. */
export function broken(ctx: RuleContext): Check {
  const value = ctx.input.account.brokenArrangementsLast12m;
  const limit = ctx.policy.escalation.brokenArrangementsLimit;
  const holds = value >= limit;
  return { holds, detail: `brokenArrangementsLast12m ${value} ${holds ? "≥" : "<"} ${limit}` };
}

/** 13. Over-indebtedness needs a whole-debt view and free debt advice, not one more plan. */
export function overIndebted(ctx: RuleContext): Check {
  const reason = ctx.input.hardship.reason;
  return { holds: reason === "over_indebtedness", detail: `hardship.reason ${reason}` };
}

function above(name: string, value: number, limit: number): Check {
  const holds = value > limit;
  return { holds, detail: `${name} ${value} ${holds ? ">" : "≤"} ${limit}` };
}

/** Rules 1–13 in POLICY.md order; the first that holds decides. */
export const ESCALATION_RULES: readonly EscalationRule[] = [
  { id: "ESC_SELF_HARM", escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" }, check: selfHarm },
  { id: "ESC_DECEASED", escalation: { queue: "specialist", priority: "high", reason: "deceased_borrower" }, check: deceased },
  { id: "ESC_FRAUD", escalation: { queue: "disputes", priority: "high", reason: "fraud_claim" }, check: fraud },
  { id: "ESC_DISPUTE", escalation: { queue: "disputes", priority: "high", reason: "dispute" }, check: dispute },
  { id: "ESC_LEGAL", escalation: { queue: "specialist", priority: "high", reason: "legal_or_insolvency" }, check: legal },
  { id: "ESC_COMPLAINT", escalation: { queue: "complaints", priority: "normal", reason: "complaint" }, check: complaint },
  { id: "ESC_REQUESTED", escalation: { queue: "general", priority: "normal", reason: "borrower_request" }, check: requested },
  { id: "ESC_UNVERIFIED", escalation: { queue: "general", priority: "normal", reason: "identity_unverified" }, check: unverified },
  { id: "ESC_UNWILLING", escalation: { queue: "specialist", priority: "normal", reason: "unwilling_to_repay" }, check: unwilling },
  { id: "ESC_RECOVERIES", escalation: { queue: "recoveries", priority: "normal", reason: "beyond_recovery_threshold" }, check: recoveries },
  { id: "ESC_AUTHORITY", escalation: { queue: "specialist", priority: "normal", reason: "above_authority_limit" }, check: authority },
  { id: "ESC_BROKEN", escalation: { queue: "specialist", priority: "normal", reason: "repeated_broken_arrangements" }, check: broken },
  { id: "ESC_OVERINDEBTED", escalation: { queue: "specialist", priority: "normal", reason: "over_indebtedness" }, check: overIndebted },
];

/** 14. ESC_NO_OPTION: looked at after the offers; holds when no primary offer is eligible. */
export const NO_OPTION_ESCALATION: Escalation = { queue: "specialist", priority: "normal", reason: "no_affordable_option" };

export function noOption(primaryOfferCount: number): Check {
  return {
    holds: primaryOfferCount === 0,
    detail: primaryOfferCount === 0 ? "no primary offer is eligible" : `${primaryOfferCount} primary offer(s) eligible`,
  };
}

/** The routing of one escalation rule: the conversation raises some at once (self-harm, a request for a person). */
export function escalationOf(id: EscalationRuleId): Escalation {
  const rule = ESCALATION_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown escalation rule ${id}`);
  return rule.escalation;
}
