import { OfflineClassifier } from "./offline-classifier.js";
import { normalize } from "./normalize.js";
import { detectSelfHarm } from "./self-harm.js";
import type { SelfHarmTier } from "../learned/self-harm-tier.js";

export { OfflineClassifier, type OfflineAnalysis, type OfflineClassifierOptions } from "./offline-classifier.js";
export { LexiconClassifier, type LexiconAnalysis, type LexiconClassifierOptions, type TrainingExample } from "./lexicon-classifier.js";
export { normalize } from "./normalize.js";
export type { SelfHarmTier } from "../learned/self-harm-tier.js";

/**
 * The offline self-harm DETECTOR alone (rules with context), synchronous and cheap: the dialogs
 * run it on EVERY message (an amount or a button press included), so a sign of self-harm is never
 * missed because a step expected something else. Unchanged by the tiers: what it fires on is at
 * least `self_harm_possible` in the classifier too. For the tier, use `selfHarmTierOf`.
 */
export function signalsSelfHarm(text: string): boolean {
  const t = normalize(text);
  return t.length > 0 && detectSelfHarm(t).flagged;
}

let shared: OfflineClassifier | null = null;

/** The product's offline classifier (the shipped learned model; one instance shared). */
export function createOfflineClassifier(): OfflineClassifier {
  shared ??= new OfflineClassifier();
  return shared;
}

/** The two-tier self-harm answer of the offline classifier for any text (detector and learned head together). */
export function selfHarmTierOf(text: string): SelfHarmTier {
  return createOfflineClassifier().analyse(text).selfHarm.tier;
}
