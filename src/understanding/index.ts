import type { Config } from "../config.js";
import type { Classifier } from "./classifier.js";
import { LlmClassifier, type FallbackCause } from "./llm.js";
import { createOfflineClassifier } from "./offline/index.js";

export type { Classifier } from "./classifier.js";
export { LlmClassifier, LlmClassificationSchema, loadClassifierPrompt, type LlmClassifierOptions, type FallbackCause } from "./llm.js";
export {
  OfflineClassifier,
  LexiconClassifier,
  createOfflineClassifier,
  signalsSelfHarm,
  selfHarmTierOf,
  type OfflineAnalysis,
  type OfflineClassifierOptions,
  type SelfHarmTier,
} from "./offline/index.js";
export { topIntents } from "./alternatives.js";

/**
 * The classifier the product uses: the LLM (with the offline classifier as safety net and fallback)
 * when OPENAI_API_KEY is set, else the offline classifier alone (`source: "offline"`).
 */
export function createClassifier(config: Config, onFallback?: (cause: FallbackCause) => void): Classifier {
  const offline = createOfflineClassifier();
  if (!config.OPENAI_API_KEY) return offline;
  return new LlmClassifier({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    offline,
    ...(onFallback ? { onFallback } : {}),
  });
}
