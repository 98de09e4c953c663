/**
 * `npm run train:classifier` — trains the learned offline classifier from the TRAIN split (every
 * src/understanding/data/train*.jsonl) and writes src/understanding/model/classifier.json.
 *
 * Deterministic: a fixed seed drives the fold assignment and the SGD order, and the artefact holds
 * no time stamp, so the same data gives the same file. Steps:
 *  1. features of every row (learned/features.ts; the lexicon classifier's answer included);
 *  2. vocabulary: features seen in at least two rows;
 *  3. five-fold cross-fitting: out-of-fold scores for every row, on which each head's temperature
 *     is fitted (temperature scaling, minimum NLL) and the self-harm tier thresholds are chosen;
 *  4. the final heads trained on all rows, quantised to int8, written with the temperatures.
 * The held-out splits (test, blind*) are never read here.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { INTENTS } from "../../domain/classification.js";
import { REASONS } from "../../domain/case.js";
import { datasetFiles, loadFile, type LabelledMessage } from "../dataset.js";
import { LexiconClassifier } from "../offline/lexicon-classifier.js";
import { normalize } from "../offline/normalize.js";
import { featureVector, isLexiconFeature } from "./features.js";
import { encodeWeights, HEADS, modelPath, type HeadName, type ModelArtefact, type StoredHead } from "./model.js";
import { selfHarmTier } from "./self-harm-tier.js";
import { fitTemperature, logits, nll, prng, reliability, softmaxInPlace, train, type LinearModel, type SparseExample } from "./softmax.js";

export const MODEL_VERSION = "1.1.0";

/** Chosen on out-of-fold accuracy and NLL of the TRAIN split only (never on a held-out split). */
export const HYPERPARAMETERS = {
  seed: 20261201,
  folds: 5,
  minDocumentFrequency: 2,
  epochs: 14,
  learningRate: 0.4,
  l2: 0.0001,
  /** The self-harm head reads text only and must not fire on a shared word ("living"): more regularised. */
  l2SelfHarm: 0.001,
};

export const HEAD_LABELS: Readonly<Record<HeadName, readonly string[]>> = {
  intent: INTENTS,
  reason: [...REASONS, "none"],
  selfHarm: ["none", "self_harm_possible", "self_harm_risk"],
};

export function labelOf(head: HeadName, row: LabelledMessage): number {
  if (head === "intent") return INTENTS.indexOf(row.intent);
  if (head === "reason") return row.reason === null ? REASONS.length : REASONS.indexOf(row.reason);
  if (row.vulnerabilities.includes("self_harm_risk")) return 2;
  if (row.vulnerabilities.includes("self_harm_possible")) return 1;
  return 0;
}

interface Prepared {
  readonly rows: readonly LabelledMessage[];
  readonly vectors: readonly Map<string, number>[];
  readonly lexiconFlags: readonly boolean[];
}

export function prepare(rows: readonly LabelledMessage[]): Prepared {
  const lexicon = new LexiconClassifier();
  const vectors: Map<string, number>[] = [];
  const lexiconFlags: boolean[] = [];
  for (const row of rows) {
    const t = normalize(row.text);
    const lex = lexicon.analyse(row.text, row.locale);
    vectors.push(featureVector(t, lex));
    lexiconFlags.push(lex.selfHarmCues.length > 0);
  }
  return { rows, vectors, lexiconFlags };
}

function vocabularyOf(vectors: readonly Map<string, number>[], minDf: number): string[] {
  const df = new Map<string, number>();
  for (const v of vectors) for (const f of v.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df.entries()].filter(([f, n]) => n >= minDf || isLexiconFeature(f)).map(([f]) => f).sort();
}

function sparse(vector: Map<string, number>, vocab: ReadonlyMap<string, number>, y: number): SparseExample {
  const idx: number[] = [];
  const val: number[] = [];
  for (const [f, v] of vector) {
    const i = vocab.get(f);
    if (i !== undefined) {
      idx.push(i);
      val.push(v);
    }
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val), y };
}

function trainHead(head: HeadName, examples: SparseExample[], vocabulary: readonly string[]): LinearModel {
  const lexical = vocabulary.map(isLexiconFeature);
  return train(examples, {
    classes: HEAD_LABELS[head].length,
    features: vocabulary.length,
    epochs: HYPERPARAMETERS.epochs,
    l2: head === "selfHarm" ? HYPERPARAMETERS.l2SelfHarm : HYPERPARAMETERS.l2,
    learningRate: HYPERPARAMETERS.learningRate,
    seed: HYPERPARAMETERS.seed + HEADS.indexOf(head),
    // The self-harm head is a second opinion next to the lexicon detector: it does not read it.
    ...(head === "selfHarm" ? { allowed: (f: number) => !lexical[f] } : {}),
  });
}

export interface OutOfFold {
  /** Raw (uncalibrated) scores per head per row. */
  readonly scores: Readonly<Record<HeadName, Float64Array[]>>;
  /** The self-harm head's feature evidence (scores without the bias) per row. */
  readonly selfHarmEvidence: Float64Array[];
}

/** Five-fold cross-fitting: every row scored by a model that did not see it. */
export function outOfFold(prep: Prepared): OutOfFold {
  const n = prep.rows.length;
  const random = prng(HYPERPARAMETERS.seed ^ 0x5eed);
  // Stratified by intent: deal each intent's rows round-robin over the folds after a seeded shuffle.
  const fold = new Int32Array(n);
  const byIntent = new Map<string, number[]>();
  prep.rows.forEach((r, i) => byIntent.set(r.intent, [...(byIntent.get(r.intent) ?? []), i]));
  let next = 0;
  for (const intent of INTENTS) {
    const ids = byIntent.get(intent) ?? [];
    for (let j = ids.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [ids[j], ids[k]] = [ids[k]!, ids[j]!];
    }
    for (const i of ids) fold[i] = next++ % HYPERPARAMETERS.folds;
  }
  const scores = { intent: new Array<Float64Array>(n), reason: new Array<Float64Array>(n), selfHarm: new Array<Float64Array>(n) };
  const selfHarmEvidence = new Array<Float64Array>(n);
  for (let f = 0; f < HYPERPARAMETERS.folds; f++) {
    const fitIds = [...Array(n).keys()].filter((i) => fold[i] !== f);
    const heldIds = [...Array(n).keys()].filter((i) => fold[i] === f);
    const vocabulary = vocabularyOf(fitIds.map((i) => prep.vectors[i]!), HYPERPARAMETERS.minDocumentFrequency);
    const vocab = new Map(vocabulary.map((w, i) => [w, i]));
    for (const head of HEADS) {
      const model = trainHead(head, fitIds.map((i) => sparse(prep.vectors[i]!, vocab, labelOf(head, prep.rows[i]!))), vocabulary);
      for (const i of heldIds) {
        const ex = sparse(prep.vectors[i]!, vocab, 0);
        scores[head][i] = logits(model, ex.idx, ex.val);
        if (head === "selfHarm") selfHarmEvidence[i] = scores[head][i]!.map((z, k) => z - model.bias[k]!);
      }
    }
  }
  return { scores, selfHarmEvidence };
}

/**
 * Self-harm tiers on calibrated out-of-fold probabilities (see self-harm-tier.ts):
 *  - possibleAt: P(possible)+P(risk) from which a message is at least `self_harm_possible`: low
 *    enough to catch the out-of-fold self-harm rows the detector missed (recall first, capped at
 *    0.5), but never so low that more than 3 % of the rows without self-harm would be flagged;
 *  - riskAt: P(risk) from which the model alone says `self_harm_risk`: the lowest value with at most
 *    1 % of rows without self-harm above it, never below 0.5;
 *  - riskWithDetectorAt: P(risk) from which a detector hit becomes `self_harm_risk`: the lowest
 *    value with at most 1 % of rows without self-harm (detector hit included) above it, never below 0.2.
 */
export function chooseSelfHarmThresholds(
  probs: readonly Float64Array[],
  rows: readonly LabelledMessage[],
  detector: readonly boolean[],
): ModelArtefact["selfHarm"] {
  const any = probs.map((p) => p[1]! + p[2]!);
  const risk = probs.map((p) => p[2]!);
  const isSH = rows.map((r) => labelOf("selfHarm", r) > 0);
  const above = (values: number[], share: number): number => {
    const sorted = [...values].sort((a, b) => b - a);
    return (sorted[Math.floor(sorted.length * share)] ?? 0) + 1e-6;
  };
  const negativesAny = any.filter((_, i) => !isSH[i] && !detector[i]);
  const missed = any.filter((_, i) => isSH[i] && !detector[i]);
  const forRecall = missed.length ? Math.min(0.5, ...missed.map((p) => p - 1e-6)) : 0.5;
  const possibleAt = Math.max(forRecall, above(negativesAny, 0.03));
  const negativesRisk = risk.filter((_, i) => !isSH[i]);
  const riskAt = Math.max(0.5, above(negativesRisk, 0.01));
  const allowed = Math.floor(negativesRisk.length * 0.01);
  const detNeg = risk.filter((_, i) => !isSH[i] && detector[i]).sort((a, b) => b - a);
  const riskWithDetectorAt = Math.max(0.2, (detNeg[allowed] ?? 0) + 1e-6);
  return { possibleAt, riskAt, riskWithDetectorAt };
}

function quantise(model: LinearModel, keep: readonly number[], temperature: number, labels: readonly string[]): StoredHead {
  const K = model.classes;
  let max = 1e-9;
  for (const f of keep) for (let k = 0; k < K; k++) max = Math.max(max, Math.abs(model.weights[f * K + k]!));
  const scale = max / 127;
  const q = new Int8Array(keep.length * K);
  keep.forEach((f, row) => {
    for (let k = 0; k < K; k++) q[row * K + k] = Math.round(model.weights[f * K + k]! / scale);
  });
  return {
    labels: [...labels],
    scale: Number(scale.toPrecision(8)),
    weights: encodeWeights(q),
    bias: [...model.bias].map((b) => Number(b.toFixed(6))),
    temperature: Number(temperature.toFixed(6)),
  };
}

/** The fingerprint of the training rows stored in the artefact (a test checks the shipped model is current). */
export function fingerprint(rows: readonly LabelledMessage[]): string {
  const sha = createHash("sha256");
  for (const r of rows) sha.update(JSON.stringify(r)).update("\n");
  return sha.digest("hex");
}

export function trainArtefact(rows: readonly LabelledMessage[], files: readonly string[]): { artefact: ModelArtefact; log: string[] } {
  const log: string[] = [];
  const prep = prepare(rows);
  log.push(`rows: ${rows.length} from ${files.length} file(s)`);

  const oof = outOfFold(prep);
  const temperatures = {} as Record<HeadName, number>;
  const calibration = {} as ModelArtefact["calibration"];
  for (const head of HEADS) {
    const ys = prep.rows.map((r) => labelOf(head, r));
    const T = fitTemperature(oof.scores[head], ys);
    temperatures[head] = T;
    const rel = (t: number) =>
      reliability(
        oof.scores[head].map((z, i) => {
          const p = softmaxInPlace(Float64Array.from(z), t);
          let best = 0;
          for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
          return { confidence: p[best]!, correct: best === ys[i] };
        }),
      ).ece;
    calibration[head] = {
      heldOut: rows.length,
      temperature: Number(T.toFixed(4)),
      nllBefore: Number(nll(oof.scores[head], ys, 1).toFixed(4)),
      nllAfter: Number(nll(oof.scores[head], ys, T).toFixed(4)),
      eceBefore: Number(rel(1).toFixed(4)),
      eceAfter: Number(rel(T).toFixed(4)),
    };
    const acc = oof.scores[head].filter((z, i) => z.indexOf(Math.max(...z)) === ys[i]).length / rows.length;
    log.push(`${head}: out-of-fold accuracy ${(acc * 100).toFixed(1)} %, T=${T.toFixed(3)}, ECE ${calibration[head].eceBefore} → ${calibration[head].eceAfter}`);
  }
  const shProbs = oof.scores.selfHarm.map((z) => softmaxInPlace(Float64Array.from(z), temperatures.selfHarm));
  const selfHarm = chooseSelfHarmThresholds(shProbs, rows, prep.lexiconFlags);
  log.push(`self-harm thresholds: ${JSON.stringify(selfHarm)}`);
  {
    // Out-of-fold tiers with the final rule (detector + head), for the log and the note.
    const tiers = shProbs.map((p, i) =>
      selfHarmTier(prep.lexiconFlags[i]!, { possible: p[1]!, risk: p[2]!, evidence: oof.selfHarmEvidence[i]! }, selfHarm),
    );
    const label = rows.map((r) => labelOf("selfHarm", r));
    const count = (f: (i: number) => boolean): number => rows.filter((_, i) => f(i)).length;
    const pos = count((i) => label[i]! > 0);
    log.push(
      `self-harm out of fold: at least possible ${count((i) => label[i]! > 0 && tiers[i] !== "none")}/${pos}` +
        ` (detector alone ${count((i) => label[i]! > 0 && prep.lexiconFlags[i]!)}), risk-labelled as risk ${count((i) => label[i] === 2 && tiers[i] === "self_harm_risk")}/${count((i) => label[i] === 2)}` +
        `, negatives flagged risk ${count((i) => label[i] === 0 && tiers[i] === "self_harm_risk")}/${count((i) => label[i] === 0)}` +
        `, flagged possible ${count((i) => label[i] === 0 && tiers[i] === "self_harm_possible")}`,
    );
  }

  const vocabulary = vocabularyOf(prep.vectors, HYPERPARAMETERS.minDocumentFrequency);
  const vocab = new Map(vocabulary.map((w, i) => [w, i]));
  const models = {} as Record<HeadName, LinearModel>;
  for (const head of HEADS) {
    models[head] = trainHead(head, prep.rows.map((r, i) => sparse(prep.vectors[i]!, vocab, labelOf(head, r))), vocabulary);
  }
  // Keep only features some head gives a non-zero quantised weight.
  const keep = vocabulary
    .map((_, f) => f)
    .filter((f) =>
      HEADS.some((head) => {
        const m = models[head];
        let max = 0;
        for (let k = 0; k < m.classes; k++) max = Math.max(max, Math.abs(m.weights[f * m.classes + k]!));
        let headMax = 1e-9;
        for (const w of m.weights) headMax = Math.max(headMax, Math.abs(w));
        return Math.round((max / headMax) * 127) !== 0;
      }),
    );
  log.push(`vocabulary: ${vocabulary.length} features, ${keep.length} kept`);
  const heads = {} as ModelArtefact["heads"];
  for (const head of HEADS) heads[head] = quantise(models[head], keep, temperatures[head], HEAD_LABELS[head]);
  const artefact: ModelArtefact = {
    format: "xieshang-classifier",
    version: MODEL_VERSION,
    trainedOn: {
      rows: rows.length,
      files: files.map((f) => f.split("/").pop()!),
      sha256: fingerprint(rows),
      seed: HYPERPARAMETERS.seed,
    },
    hyperparameters: { ...HYPERPARAMETERS, features: "han char 1-3 + jieba words; latin words, bigrams, char 3-5; shape; lexicon evidence" },
    vocabulary: keep.map((f) => vocabulary[f]!),
    heads,
    selfHarm,
    calibration,
  };
  return { artefact, log };
}

function main(): void {
  const started = Date.now();
  const files = datasetFiles("train");
  const { artefact, log } = trainArtefact(files.flatMap(loadFile), files);
  const path = modelPath();
  writeFileSync(path, `${JSON.stringify(artefact)}\n`);
  for (const l of log) process.stdout.write(`${l}\n`);
  process.stdout.write(`wrote ${path} (${Math.round(JSON.stringify(artefact).length / 1024)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "")) main();
