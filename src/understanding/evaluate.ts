import { INTENTS, type Intent, type Vulnerability } from "../domain/classification.js";
import { REASONS, type Reason } from "../domain/case.js";
import type { LabelledMessage } from "./dataset.js";
import type { OfflineClassifier } from "./offline/offline-classifier.js";

export interface LabelScore {
  readonly label: string;
  readonly correct: number;
  readonly total: number;
}

export interface Miss {
  readonly text: string;
  readonly expected: { intent: Intent; reason: Reason | null; selfHarm: boolean };
  readonly actual: { intent: Intent; reason: Reason | null; selfHarm: boolean };
}

export interface EvaluationReport {
  readonly size: number;
  readonly intentAccuracy: number;
  readonly reasonAccuracy: number;
  readonly perIntent: readonly LabelScore[];
  readonly perReason: readonly LabelScore[];
  /** Rows labelled self_harm_risk, and how many of them the classifier flagged. */
  readonly selfHarm: { readonly positives: number; readonly detected: number; readonly recall: number };
  /** Rows not labelled self_harm_risk that the classifier flagged, and their share. */
  readonly falseAlarms: { readonly count: number; readonly negatives: number; readonly rate: number };
  /** confusion[expected][predicted] = count. */
  readonly confusion: Readonly<Record<Intent, Readonly<Record<Intent, number>>>>;
  readonly misses: readonly Miss[];
}

const SELF_HARM: Vulnerability = "self_harm_risk";

/** Runs the offline classifier over labelled rows and scores it (synchronous and deterministic). */
export function evaluate(classifier: OfflineClassifier, rows: readonly LabelledMessage[]): EvaluationReport {
  const confusion = Object.fromEntries(
    INTENTS.map((e) => [e, Object.fromEntries(INTENTS.map((p) => [p, 0]))]),
  ) as Record<Intent, Record<Intent, number>>;
  const intentTally = new Map<string, { correct: number; total: number }>();
  const reasonTally = new Map<string, { correct: number; total: number }>();
  const bump = (m: Map<string, { correct: number; total: number }>, k: string, ok: boolean): void => {
    const t = m.get(k) ?? { correct: 0, total: 0 };
    m.set(k, { correct: t.correct + (ok ? 1 : 0), total: t.total + 1 });
  };
  let intentOk = 0;
  let reasonOk = 0;
  let positives = 0;
  let detected = 0;
  let negatives = 0;
  let falseAlarms = 0;
  const misses: Miss[] = [];
  for (const row of rows) {
    const got = classifier.analyse(row.text, row.locale);
    const expectedSH = row.vulnerabilities.includes(SELF_HARM);
    const gotSH = got.vulnerabilities.includes(SELF_HARM);
    const iOk = got.intent === row.intent;
    const rOk = got.reason === row.reason;
    if (iOk) intentOk++;
    if (rOk) reasonOk++;
    bump(intentTally, row.intent, iOk);
    bump(reasonTally, row.reason ?? "null", rOk);
    confusion[row.intent][got.intent]++;
    if (expectedSH) {
      positives++;
      if (gotSH) detected++;
    } else {
      negatives++;
      if (gotSH) falseAlarms++;
    }
    if (!iOk || !rOk || expectedSH !== gotSH) {
      misses.push({
        text: row.text,
        expected: { intent: row.intent, reason: row.reason, selfHarm: expectedSH },
        actual: { intent: got.intent, reason: got.reason, selfHarm: gotSH },
      });
    }
  }
  const n = rows.length;
  return {
    size: n,
    intentAccuracy: n ? intentOk / n : 0,
    reasonAccuracy: n ? reasonOk / n : 0,
    perIntent: INTENTS.map((label) => ({ label, ...(intentTally.get(label) ?? { correct: 0, total: 0 }) })),
    perReason: [...REASONS, "null"].map((label) => ({ label, ...(reasonTally.get(label) ?? { correct: 0, total: 0 }) })),
    selfHarm: { positives, detected, recall: positives ? detected / positives : 1 },
    falseAlarms: { count: falseAlarms, negatives, rate: negatives ? falseAlarms / negatives : 0 },
    confusion,
    misses,
  };
}
