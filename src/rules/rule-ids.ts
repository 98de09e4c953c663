/** Escalation rules 1–13 (POLICY.md §3), checked first and in this order. */
export const ESCALATION_RULE_IDS = [
  "ESC_SELF_HARM",
  "ESC_DECEASED",
  "ESC_FRAUD",
  "ESC_DISPUTE",
  "ESC_LEGAL",
  "ESC_COMPLAINT",
  "ESC_REQUESTED",
  "ESC_UNVERIFIED",
  "ESC_UNWILLING",
  "ESC_RECOVERIES",
  "ESC_AUTHORITY",
  "ESC_BROKEN",
  "ESC_OVERINDEBTED",
] as const;
export type EscalationRuleId = (typeof ESCALATION_RULE_IDS)[number];

/** Offer rules (POLICY.md §4): the three primary offers, then the add-on waiver. */
export const OFFER_RULE_IDS = ["OFFER_DEFERRAL", "OFFER_EXTENSION", "OFFER_INSTALMENT", "OFFER_WAIVER"] as const;
export type OfferRuleId = (typeof OFFER_RULE_IDS)[number];

/** Rule 14: escalates when no primary offer is eligible; looked at after the offers. */
export const NO_OPTION_RULE_ID = "ESC_NO_OPTION";

/** Every rule, in the order decide() looks at them — and the order of every trace. */
export const RULE_ORDER = [...ESCALATION_RULE_IDS, ...OFFER_RULE_IDS, NO_OPTION_RULE_ID] as const;
export type RuleId = (typeof RULE_ORDER)[number];
