/**
 * The shipped artefact of the learned offline classifier (src/understanding/model/classifier.json,
 * written by `npm run train:classifier`) and its inference. Three softmax heads share one
 * vocabulary: `intent` (the ten intents), `reason` (the nine reasons and `none`), `selfHarm`
 * (`none`, `self_harm_possible`, `self_harm_risk`). Weights are stored as int8 with one scale per
 * head (base64), which keeps the file small; each head carries its fitted temperature.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const HEADS = ["intent", "reason", "selfHarm"] as const;
export type HeadName = (typeof HEADS)[number];

const Head = z.strictObject({
  labels: z.array(z.string()).min(2),
  scale: z.number().positive(),
  /** base64 of an Int8Array, row-major [feature][label]. */
  weights: z.string(),
  bias: z.array(z.number()),
  temperature: z.number().positive(),
});
export type StoredHead = z.infer<typeof Head>;

const Calibration = z.strictObject({
  heldOut: z.number().int(),
  temperature: z.number(),
  nllBefore: z.number(),
  nllAfter: z.number(),
  eceBefore: z.number(),
  eceAfter: z.number(),
});

export const ModelArtefact = z.strictObject({
  format: z.literal("xieshang-classifier"),
  version: z.string(),
  trainedOn: z.strictObject({
    rows: z.number().int(),
    files: z.array(z.string()),
    sha256: z.string(),
    seed: z.number().int(),
  }),
  hyperparameters: z.record(z.string(), z.union([z.number(), z.string()])),
  vocabulary: z.array(z.string()),
  heads: z.strictObject({ intent: Head, reason: Head, selfHarm: Head }),
  /** Self-harm tier thresholds on the calibrated self-harm head (see self-harm-tier.ts). */
  selfHarm: z.strictObject({
    possibleAt: z.number(),
    riskAt: z.number(),
    riskWithDetectorAt: z.number(),
  }),
  calibration: z.strictObject({ intent: Calibration, reason: Calibration, selfHarm: Calibration }),
});
export type ModelArtefact = z.infer<typeof ModelArtefact>;

export function modelPath(): string {
  return fileURLToPath(new URL("../model/classifier.json", import.meta.url));
}

interface LoadedHead {
  readonly labels: readonly string[];
  readonly scale: number;
  readonly weights: Int8Array;
  readonly bias: readonly number[];
  readonly temperature: number;
}

export type HeadProbabilities = Readonly<Record<HeadName, Float64Array>> & {
  /**
   * The self-harm head's feature evidence alone (no bias): how much the message's own words move
   * each label. A message is never flagged by the model for the base rate alone.
   */
  readonly selfHarmEvidence: Float64Array;
};

export function encodeWeights(weights: Int8Array): string {
  return Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString("base64");
}

function decodeWeights(b64: string): Int8Array {
  const buf = Buffer.from(b64, "base64");
  return new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The loaded model: feature vector in, calibrated probabilities per head out. */
export class LearnedModel {
  readonly vocabulary: ReadonlyMap<string, number>;
  private readonly heads: Readonly<Record<HeadName, LoadedHead>>;

  constructor(readonly artefact: ModelArtefact) {
    this.vocabulary = new Map(artefact.vocabulary.map((f, i) => [f, i]));
    const load = (h: StoredHead): LoadedHead => {
      const weights = decodeWeights(h.weights);
      if (weights.length !== artefact.vocabulary.length * h.labels.length) throw new Error("model weights do not match the vocabulary");
      return { labels: h.labels, scale: h.scale, weights, bias: h.bias, temperature: h.temperature };
    };
    this.heads = { intent: load(artefact.heads.intent), reason: load(artefact.heads.reason), selfHarm: load(artefact.heads.selfHarm) };
  }

  static load(path = modelPath()): LearnedModel {
    return new LearnedModel(ModelArtefact.parse(JSON.parse(readFileSync(path, "utf8"))));
  }

  labels(head: HeadName): readonly string[] {
    return this.heads[head].labels;
  }

  /** Calibrated probabilities of every head (temperature applied). */
  predict(vector: ReadonlyMap<string, number>): HeadProbabilities {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [f, v] of vector) {
      const i = this.vocabulary.get(f);
      if (i !== undefined) {
        idx.push(i);
        val.push(v);
      }
    }
    const evidence = (h: LoadedHead): Float64Array => {
      const K = h.labels.length;
      const acc = new Float64Array(K);
      for (let n = 0; n < idx.length; n++) {
        const base = idx[n]! * K;
        const x = val[n]!;
        for (let k = 0; k < K; k++) acc[k]! += h.weights[base + k]! * x;
      }
      for (let k = 0; k < K; k++) acc[k]! *= h.scale;
      return acc;
    };
    const run = (h: LoadedHead, acc: Float64Array): Float64Array => {
      const K = h.labels.length;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        acc[k] = (h.bias[k]! + acc[k]!) / h.temperature;
        max = Math.max(max, acc[k]!);
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        acc[k] = Math.exp(acc[k]! - max);
        sum += acc[k]!;
      }
      for (let k = 0; k < K; k++) acc[k]! /= sum;
      return acc;
    };
    const sh = evidence(this.heads.selfHarm);
    return {
      intent: run(this.heads.intent, evidence(this.heads.intent)),
      reason: run(this.heads.reason, evidence(this.heads.reason)),
      selfHarmEvidence: Float64Array.from(sh),
      selfHarm: run(this.heads.selfHarm, sh),
    };
  }
}
