import { z } from "zod";
import { Reason } from "./case.js";

/** Intents in precedence order (POLICY.md §7): the first that applies wins. */
export const INTENTS = [
  "request_human",
  "report_fraud",
  "dispute_debt",
  "complaint",
  "cancel",
  "refuse_to_pay",
  "describe_hardship",
  "promise_to_pay",
  "ask_question",
  "other",
] as const;
export const Intent = z.enum(INTENTS);
export type Intent = z.infer<typeof Intent>;

/** POLICY.md §7: `self_harm_risk` (clear signs), `self_harm_possible` (softer signs: ask directly, §6), illness, mental health. */
export const VULNERABILITIES = ["self_harm_risk", "self_harm_possible", "serious_illness", "mental_health"] as const;
export const Vulnerability = z.enum(VULNERABILITIES);
export type Vulnerability = z.infer<typeof Vulnerability>;

/** What a classifier may say about one message, and nothing else. */
export const Classification = z.strictObject({
  intent: Intent,
  reason: Reason.nullable(),
  vulnerabilities: z.array(Vulnerability),
  confidence: z.number().min(0).max(1),
});
export type Classification = z.infer<typeof Classification>;

/** Where a classification came from: the LLM, the offline classifier, or the offline one after the LLM failed. */
export const ClassificationSource = z.enum(["llm", "offline", "offline_fallback"]);
export type ClassificationSource = z.infer<typeof ClassificationSource>;

/** One of the most likely intents with its calibrated probability (for "ask instead of guess"). */
export interface IntentProbability {
  readonly intent: Intent;
  readonly probability: number;
}

/**
 * `alternatives` (optional): the two or three most likely intents, most likely first, with
 * calibrated probabilities — what the dialog offers as buttons when `confidence` is below the
 * threshold. See src/understanding/alternatives.ts (`topIntents`).
 */
export type ClassificationResult = Classification & { source: ClassificationSource; alternatives?: readonly IntentProbability[] };

export const Locale = z.enum(["zh-CN", "en"]);
export type Locale = z.infer<typeof Locale>;
