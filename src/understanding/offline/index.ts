import { loadDataset } from "../dataset.js";
import { OfflineClassifier } from "./offline-classifier.js";

export { OfflineClassifier, type OfflineAnalysis, type OfflineClassifierOptions, type TrainingExample } from "./offline-classifier.js";
export { normalize } from "./normalize.js";
import { normalize } from "./normalize.js";
import { detectSelfHarm } from "./self-harm.js";

/**
 * The offline self-harm detector alone, synchronous and cheap: the dialogs run it on EVERY
 * message (an amount or a button press included), so a sign of self-harm is never missed because
 * a step expected something else.
 */
export function signalsSelfHarm(text: string): boolean {
  const t = normalize(text);
  return t.length > 0 && detectSelfHarm(t).flagged;
}

/** The product's offline classifier: lexicons plus the naive-Bayes fallback trained on the TRAIN split. */
export function createOfflineClassifier(): OfflineClassifier {
  return new OfflineClassifier({ training: loadDataset("train") });
}
