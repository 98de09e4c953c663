/**
 * Multinomial logistic regression (softmax, L2) over sparse features, trained with seeded,
 * deterministic AdaGrad SGD; temperature scaling and expected calibration error (ECE).
 * Plain arithmetic on typed arrays: twenty-odd lines per piece, no library needed.
 */
import { mulberry32 } from "../../random.js";

/** The seeded PRNG training uses (reproducible bit for bit). */
export const prng = mulberry32;

export interface SparseExample {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly y: number;
}

export interface TrainOptions {
  readonly classes: number;
  readonly features: number;
  readonly epochs: number;
  readonly l2: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Features this head may use (others keep weight 0); default all. */
  readonly allowed?: (featureIndex: number) => boolean;
}

export interface LinearModel {
  readonly classes: number;
  /** Row-major: weights[feature * classes + class]. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}


export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function softmaxInPlace(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! / temperature - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
  return z;
}

/** Raw scores (logits) of one example. */
export function logits(model: LinearModel, idx: Int32Array, val: Float64Array): Float64Array {
  const K = model.classes;
  const z = Float64Array.from(model.bias);
  for (let n = 0; n < idx.length; n++) {
    const base = idx[n]! * K;
    const x = val[n]!;
    for (let k = 0; k < K; k++) z[k]! += model.weights[base + k]! * x;
  }
  return z;
}

export function train(examples: readonly SparseExample[], o: TrainOptions): LinearModel {
  const K = o.classes;
  const weights = new Float64Array(o.features * K);
  const bias = new Float64Array(K);
  const gw = new Float64Array(o.features * K).fill(1e-8);
  const gb = new Float64Array(K).fill(1e-8);
  const random = prng(o.seed);
  const order = examples.map((_, i) => i);
  const model: LinearModel = { classes: K, weights, bias };
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const ex = examples[i]!;
      const p = softmaxInPlace(logits(model, ex.idx, ex.val));
      for (let k = 0; k < K; k++) {
        const g = p[k]! - (k === ex.y ? 1 : 0);
        gb[k]! += g * g;
        bias[k]! -= (o.learningRate * g) / Math.sqrt(gb[k]!);
      }
      for (let n = 0; n < ex.idx.length; n++) {
        const f = ex.idx[n]!;
        if (o.allowed && !o.allowed(f)) continue;
        const x = ex.val[n]!;
        const base = f * K;
        for (let k = 0; k < K; k++) {
          const g = (p[k]! - (k === ex.y ? 1 : 0)) * x + o.l2 * weights[base + k]!;
          gw[base + k]! += g * g;
          weights[base + k]! -= (o.learningRate * g) / Math.sqrt(gw[base + k]!);
        }
      }
    }
  }
  return model;
}

/** Mean negative log-likelihood of the true classes under `temperature`. */
export function nll(scores: readonly Float64Array[], ys: readonly number[], temperature: number): number {
  let total = 0;
  scores.forEach((z, i) => {
    const p = softmaxInPlace(Float64Array.from(z), temperature);
    total -= Math.log(Math.max(p[ys[i]!]!, 1e-12));
  });
  return total / Math.max(1, scores.length);
}

/** The temperature that minimises held-out NLL (golden-section search on log T in [0.05, 20]). */
export function fitTemperature(scores: readonly Float64Array[], ys: readonly number[]): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(scores, ys, Math.exp(a)) <= nll(scores, ys, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
}

/** Reliability table and ECE (10 equal-width bins over the top-1 probability). */
export function reliability(
  predictions: readonly { confidence: number; correct: boolean }[],
  bins = 10,
): { ece: number; bins: ReliabilityBin[] } {
  const out: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = predictions.filter((p) => (p.confidence > from || (b === 0 && p.confidence >= 0)) && p.confidence <= to);
    if (inBin.length === 0) continue;
    const meanConfidence = inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length;
    const accuracy = inBin.filter((p) => p.correct).length / inBin.length;
    ece += (inBin.length / Math.max(1, predictions.length)) * Math.abs(meanConfidence - accuracy);
    out.push({ from, to, count: inBin.length, meanConfidence, accuracy });
  }
  return { ece, bins: out };
}
