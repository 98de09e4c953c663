/**
 * Self-harm in two tiers (POLICY.md §7): `self_harm_risk` (clear signs) and `self_harm_possible`
 * (softer signs that need a direct question, §6). Two independent signals decide together:
 *
 *  - the lexicon DETECTOR (offline/self-harm.ts): recall-first rules with context (first person vs
 *    others, idiom and title masks, co-occurring concepts); never negated away;
 *  - the learned self-harm HEAD: calibrated P(possible), P(risk) from character n-grams and words
 *    (it does not read the detector, so it catches wordings no rule lists).
 *
 * Tiers (thresholds chosen on out-of-fold training data, stored in the model artefact):
 *  - risk      when the detector fired and P(risk) ≥ riskWithDetectorAt, or the model alone is
 *              sure: P(risk) ≥ max(riskAt, MODEL_ALONE_RISK_FLOOR) with its words' evidence for risk;
 *  - possible  when the detector fired, or P(possible) + P(risk) ≥ max(possibleAt, MODEL_ALONE_POSSIBLE_FLOOR) and the message's
 *              own words point towards self-harm (evidence > 0: never for the base rate alone);
 *  - none      otherwise.
 * Anything the detector fires on is therefore at least `possible`: the tiers can only add.
 */
export type SelfHarmTier = "none" | "self_harm_possible" | "self_harm_risk";

export interface SelfHarmThresholds {
  readonly possibleAt: number;
  readonly riskAt: number;
  readonly riskWithDetectorAt: number;
}

/** The model alone names `self_harm_risk` only when this sure (a clear sign, §6: crisis contacts at once). */
export const MODEL_ALONE_RISK_FLOOR = 0.9;

/**
 * The model alone names `self_harm_possible` only from this probability (or the artefact's
 * possibleAt, if higher): short everyday replies ("nope", "start over") otherwise crossed a
 * threshold fitted on whole messages.
 */
export const MODEL_ALONE_POSSIBLE_FLOOR = 0.25;

export interface SelfHarmModelView {
  readonly possible: number;
  readonly risk: number;
  /** Feature evidence (no bias) of none, possible, risk. */
  readonly evidence: ArrayLike<number>;
}

export function selfHarmTier(detector: boolean, m: SelfHarmModelView, t: SelfHarmThresholds): SelfHarmTier {
  const e = m.evidence;
  const forRisk = e[2]! - e[0]! > 0;
  const forAny = Math.max(e[1]!, e[2]!) - e[0]! > 0;
  if (detector && m.risk >= t.riskWithDetectorAt) return "self_harm_risk";
  if (forRisk && m.risk >= Math.max(t.riskAt, MODEL_ALONE_RISK_FLOOR)) return "self_harm_risk";
  if (detector || (forAny && m.possible + m.risk >= Math.max(t.possibleAt, MODEL_ALONE_POSSIBLE_FLOOR))) return "self_harm_possible";
  return "none";
}
