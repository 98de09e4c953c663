import type { ClassificationResult, Locale } from "../domain/classification.js";

/** Turns one borrower message into closed labels (POLICY.md §7). Never throws for bad model output. */
export interface Classifier {
  classify(text: string, locale: Locale): Promise<ClassificationResult>;
}
