import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Intent, Locale, Vulnerability } from "../domain/classification.js";
import { Reason } from "../domain/case.js";

/** One labelled borrower message of the classifier's data set (src/understanding/data/*.jsonl). */
export const LabelledMessage = z.strictObject({
  text: z.string().min(1),
  locale: Locale,
  intent: Intent,
  reason: Reason.nullable(),
  vulnerabilities: z.array(Vulnerability),
});
export type LabelledMessage = z.infer<typeof LabelledMessage>;

/** `blind2`, `blind4`: extra held-out sets written blind (never trained on), reported by the eval. (blind3, written blind before the concept layer, and blind5, a balanced product-owner-style set used to broaden the lexicons, were folded into train.) */
export const SPLITS = ["train", "test", "blind2", "blind4"] as const;
export type Split = (typeof SPLITS)[number];

/** The path of a split's JSON-lines file (next to this module, in source and in dist alike). */
export function datasetPath(split: Split): string {
  return fileURLToPath(new URL(`./data/${split}.jsonl`, import.meta.url));
}

/** Reads and validates a split; throws naming the line on the first invalid row. */
export function loadDataset(split: Split): LabelledMessage[] {
  const lines = readFileSync(datasetPath(split), "utf8").split("\n");
  const rows: LabelledMessage[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const parsed = LabelledMessage.safeParse(JSON.parse(line));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${split}.jsonl line ${i + 1}: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    rows.push(parsed.data);
  });
  return rows;
}
