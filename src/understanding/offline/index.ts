import { loadDataset } from "../dataset.js";
import { OfflineClassifier } from "./offline-classifier.js";

export { OfflineClassifier, type OfflineAnalysis, type OfflineClassifierOptions, type TrainingExample } from "./offline-classifier.js";
export { normalize } from "./normalize.js";

/** The product's offline classifier: lexicons plus the naive-Bayes fallback trained on the TRAIN split. */
export function createOfflineClassifier(): OfflineClassifier {
  return new OfflineClassifier({ training: loadDataset("train") });
}
