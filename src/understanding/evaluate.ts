import { INTENTS, type ClassificationResult, type Intent, type Locale } from "../domain/classification.js";
import { REASONS, type Reason } from "../domain/case.js";
import type { Classifier } from "./classifier.js";
import type { LabelledMessage } from "./dataset.js";
import { reliability, type ReliabilityBin } from "./learned/softmax.js";

export interface LabelScore {
  readonly label: string;
  readonly correct: number;
  readonly total: number;
}

type Tier = "risk" | "possible" | "none";

export interface Miss {
  readonly text: string;
  readonly expected: { intent: Intent; reason: Reason | null; selfHarm: Tier };
  readonly actual: { intent: Intent; reason: Reason | null; selfHarm: Tier; confidence: number };
}

export interface Rate {
  readonly count: number;
  readonly of: number;
  readonly rate: number;
}

export interface EvaluationReport {
  readonly size: number;
  readonly intentAccuracy: number;
  /** Intent accuracy with report_fraud and dispute_debt counted as one (the outside figure). */
  readonly intentAccuracyFraudDisputeMerged: number;
  readonly reasonAccuracy: number;
  /** The confidence threshold used for the two figures below. */
  readonly threshold: number;
  /** Share of messages at or above the threshold, and intent accuracy on them. */
  readonly confident: { readonly share: number; readonly accuracy: number };
  /** Share of messages below the threshold: the dialog asks. */
  readonly askRate: number;
  readonly perIntent: readonly LabelScore[];
  readonly perReason: readonly LabelScore[];
  /** Rows labelled self_harm_risk or self_harm_possible, and how many got at least `possible`. */
  readonly selfHarm: { readonly positives: number; readonly detected: number; readonly recall: number };
  /** Per labelled tier: rows labelled risk → flagged risk, flagged at least possible; rows labelled possible → at least possible. */
  readonly tiers: {
    readonly riskAsRisk: Rate;
    readonly riskAtLeastPossible: Rate;
    readonly possibleAtLeastPossible: Rate;
  };
  /** Rows with no self-harm label flagged self_harm_risk (all negatives). */
  readonly falseAlarms: { readonly count: number; readonly negatives: number; readonly rate: number };
  /** Negatives without any death or harm word ("ordinary") and with one (idioms, titles, others' deaths). */
  readonly ordinary: { readonly risk: Rate; readonly possible: Rate };
  readonly idioms: { readonly risk: Rate; readonly possible: Rate };
  /**
   * The dialog today (src/understanding/signals.ts) treats any hit of the lexicon detector as a
   * clear sign: rows with no self-harm label it would escalate as risk that way, ordinary and idioms.
   * Null when the classifier does not report its detector (the LLM path).
   */
  readonly detectorAsRisk: { readonly ordinary: Rate; readonly idioms: Rate } | null;
  /** Reliability of the intent confidence (10 bins) and its expected calibration error. */
  readonly calibration: { readonly ece: number; readonly bins: readonly ReliabilityBin[] };
  /** confusion[expected][predicted] = count. */
  readonly confusion: Readonly<Record<Intent, Readonly<Record<Intent, number>>>>;
  readonly misses: readonly Miss[];
}

/** A death or harm word: a negative that has one is an idiom, a title or someone else's death. */
export const DEATH_WORD =
  /死|杀|自尽|轻生|跳楼|跳河|跳桥|去世|过世|离世|走了|没了|后事|葬|遗|命|\bdie\b|\bdied\b|\bdies\b|\bdead\b|\bdeath|\bdying\b|\bkill|suicid|funeral|passed away|overdos|\bjump|\bgrave\b|\bfuneral\b/iu;

const tierOf = (v: readonly string[]): Tier =>
  v.includes("self_harm_risk") ? "risk" : v.includes("self_harm_possible") ? "possible" : "none";

const rate = (count: number, of: number): Rate => ({ count, of, rate: of ? count / of : 0 });

/** Anything with a synchronous `analyse` (the offline classifiers). */
export interface Analyser {
  analyse(text: string, locale?: Locale): Scored;
}

/** A result to score; offline analyses also say whether the lexicon self-harm detector fired. */
export type Scored = Omit<ClassificationResult, "source"> & { readonly selfHarm?: { readonly detector: boolean } };

/** Runs a synchronous classifier over labelled rows and scores it (deterministic). */
export function evaluate(classifier: Analyser, rows: readonly LabelledMessage[], threshold = 0.5): EvaluationReport {
  return score(rows, rows.map((r) => classifier.analyse(r.text, r.locale)), threshold);
}

/** The same for any Classifier (the LLM path), one message at a time, in order. */
export async function evaluateClassifier(classifier: Classifier, rows: readonly LabelledMessage[], threshold = 0.5): Promise<EvaluationReport> {
  const results: ClassificationResult[] = [];
  for (const r of rows) results.push(await classifier.classify(r.text, r.locale));
  return score(rows, results, threshold);
}

export function score(
  rows: readonly LabelledMessage[],
  results: readonly Scored[],
  threshold = 0.5,
): EvaluationReport {
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
  let mergedOk = 0;
  let reasonOk = 0;
  let confidentN = 0;
  let confidentOk = 0;
  const c = { pos: 0, det: 0, riskN: 0, riskRisk: 0, riskAny: 0, possN: 0, possAny: 0, neg: 0, negRisk: 0 };
  const ord = { n: 0, risk: 0, possible: 0, detector: 0 };
  const idi = { n: 0, risk: 0, possible: 0, detector: 0 };
  let detectorKnown = true;
  const misses: Miss[] = [];
  const predictions: { confidence: number; correct: boolean }[] = [];
  const merge = (i: Intent): string => (i === "report_fraud" ? "dispute_debt" : i);
  rows.forEach((row, n) => {
    const got = results[n]!;
    const expected = tierOf(row.vulnerabilities);
    const actual = tierOf(got.vulnerabilities);
    const iOk = got.intent === row.intent;
    const rOk = got.reason === row.reason;
    if (iOk) intentOk++;
    if (merge(got.intent) === merge(row.intent)) mergedOk++;
    if (rOk) reasonOk++;
    if (got.confidence >= threshold) {
      confidentN++;
      if (iOk) confidentOk++;
    }
    predictions.push({ confidence: got.confidence, correct: iOk });
    bump(intentTally, row.intent, iOk);
    bump(reasonTally, row.reason ?? "null", rOk);
    confusion[row.intent][got.intent]++;
    if (expected !== "none") {
      c.pos++;
      if (actual !== "none") c.det++;
      if (expected === "risk") {
        c.riskN++;
        if (actual === "risk") c.riskRisk++;
        if (actual !== "none") c.riskAny++;
      } else {
        c.possN++;
        if (actual !== "none") c.possAny++;
      }
    } else {
      c.neg++;
      if (actual === "risk") c.negRisk++;
      const bucket = DEATH_WORD.test(row.text) ? idi : ord;
      bucket.n++;
      if (actual === "risk") bucket.risk++;
      if (actual !== "none") bucket.possible++;
      if (got.selfHarm === undefined) detectorKnown = false;
      else if (got.selfHarm.detector || actual === "risk") bucket.detector++;
    }
    if (!iOk || !rOk || (expected === "none") !== (actual === "none")) {
      misses.push({
        text: row.text,
        expected: { intent: row.intent, reason: row.reason, selfHarm: expected },
        actual: { intent: got.intent, reason: got.reason, selfHarm: actual, confidence: got.confidence },
      });
    }
  });
  const size = rows.length;
  return {
    size,
    intentAccuracy: size ? intentOk / size : 0,
    intentAccuracyFraudDisputeMerged: size ? mergedOk / size : 0,
    reasonAccuracy: size ? reasonOk / size : 0,
    threshold,
    confident: { share: size ? confidentN / size : 0, accuracy: confidentN ? confidentOk / confidentN : 0 },
    askRate: size ? 1 - confidentN / size : 0,
    perIntent: INTENTS.map((label) => ({ label, ...(intentTally.get(label) ?? { correct: 0, total: 0 }) })),
    perReason: [...REASONS, "null"].map((label) => ({ label, ...(reasonTally.get(label) ?? { correct: 0, total: 0 }) })),
    selfHarm: { positives: c.pos, detected: c.det, recall: c.pos ? c.det / c.pos : 1 },
    tiers: {
      riskAsRisk: rate(c.riskRisk, c.riskN),
      riskAtLeastPossible: rate(c.riskAny, c.riskN),
      possibleAtLeastPossible: rate(c.possAny, c.possN),
    },
    falseAlarms: { count: c.negRisk, negatives: c.neg, rate: c.neg ? c.negRisk / c.neg : 0 },
    ordinary: { risk: rate(ord.risk, ord.n), possible: rate(ord.possible, ord.n) },
    idioms: { risk: rate(idi.risk, idi.n), possible: rate(idi.possible, idi.n) },
    detectorAsRisk: detectorKnown ? { ordinary: rate(ord.detector, ord.n), idioms: rate(idi.detector, idi.n) } : null,
    calibration: reliability(predictions),
    confusion,
    misses,
  };
}
