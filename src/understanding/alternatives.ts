import type { ClassificationResult, IntentProbability } from "../domain/classification.js";

/**
 * The two or three most likely intents with their calibrated probabilities, most likely first —
 * what a clarifying question offers as buttons when the confidence is below the threshold
 * ("ask instead of guess"). Intents below `floor` are left out (except the first); a result
 * without `alternatives` (an LLM answer, a stub) yields its own intent alone.
 */
export function topIntents(result: ClassificationResult, n = 3, floor = 0.05): IntentProbability[] {
  const list = result.alternatives ?? [{ intent: result.intent, probability: result.confidence }];
  return list.slice(0, n).filter((a, i) => i === 0 || a.probability >= floor);
}
