/** The deterministic rules engine (POLICY.md): decide(case, policy) → decision with a trace. */
export { decide } from "./decide.js";
export { decideUnknown, parseCase } from "./parse-case.js";
export { serializeDecision } from "./serialize.js";
export { DEFAULT_POLICY_FILE, PolicySchema, loadPolicy, parsePolicy, type Policy } from "./policy.js";
export { affordableMinor, disposableMinor, payment, smallestAffordableTerm } from "./money.js";
export { maxExtensionMonths } from "./offers/extension-limit.js";
export { ESCALATION_RULE_IDS, NO_OPTION_RULE_ID, OFFER_RULE_IDS, RULE_ORDER, type RuleId } from "./rule-ids.js";
export { formatIssues } from "./issues.js";
export { escalationOf } from "./escalations.js";
export { flagTrace } from "./flag-trace.js";
