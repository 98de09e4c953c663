import { readdirSync, readFileSync } from "node:fs";
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

/**
 * `train`: every `train*.jsonl` file (train.jsonl, and the imported hands: train-data-a-*.jsonl, …).
 * `test`, `blind2`, `blind4`: held-out sets, never trained on (blind2/blind4 were written blind,
 * but the old lexicons were later broadened from their misses). `blind-c`, `blind-d`: blind sets
 * written by two more hands (data-c, data-d) and first read after the learned model 1.1.0 was
 * committed (see LABELLING.md). The previous round's blind sets (blind-a, blind-b) are in train
 * now, as `train-was-blind-*.jsonl`, after their first-sight figures were reported.
 */
export const SPLITS = ["train", "test", "blind2", "blind4", "blind-c", "blind-d"] as const;
export type Split = (typeof SPLITS)[number];

const dataDir = (): string => fileURLToPath(new URL("./data/", import.meta.url));

/** The JSON-lines files of a split (next to this module, in source and in dist alike). */
export function datasetFiles(split: Split): string[] {
  const prefix = split === "train" ? "train" : split;
  const names = readdirSync(dataDir())
    .filter((f) => f.endsWith(".jsonl") && (f === `${prefix}.jsonl` || ((split === "train" || split.startsWith("blind-")) && f.startsWith(`${prefix}-`))))
    .sort();
  return names.map((f) => fileURLToPath(new URL(`./data/${f}`, import.meta.url)));
}

/** The path of a split's main JSON-lines file. */
export function datasetPath(split: Split): string {
  return fileURLToPath(new URL(`./data/${split}.jsonl`, import.meta.url));
}

/** Reads and validates one JSON-lines file; throws naming the file and line on the first invalid row. */
export function loadFile(path: string): LabelledMessage[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const rows: LabelledMessage[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${path.split("/").pop()} line ${i + 1}: not valid JSON`);
    }
    const parsed = LabelledMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path.split("/").pop()} line ${i + 1}: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    rows.push(parsed.data);
  });
  return rows;
}

/** Reads and validates every file of a split (empty when the split has no file yet). */
export function loadDataset(split: Split): LabelledMessage[] {
  return datasetFiles(split).flatMap(loadFile);
}
