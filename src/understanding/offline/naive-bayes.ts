/**
 * A small multinomial naive-Bayes model over character bigrams/trigrams and English words.
 * Trained at load time from the TRAIN split only; deterministic (no randomness, insertion-ordered
 * maps, labels iterated in a fixed order). The offline classifier uses it only as a fallback
 * when no lexicon pattern fired, and then with a confidence below the usual threshold band.
 */
export interface Prediction<L extends string> {
  readonly label: L;
  readonly probability: number;
}

export function features(normalised: string): string[] {
  const out: string[] = [];
  const s = ` ${normalised} `;
  const chars = [...s];
  for (let n = 2; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(""));
  }
  for (const w of normalised.match(/[a-z']+/g) ?? []) out.push(`w:${w}`);
  return out;
}

export class NaiveBayes<L extends string> {
  private readonly counts = new Map<L, Map<string, number>>();
  private readonly totals = new Map<L, number>();
  private readonly docs = new Map<L, number>();
  private readonly vocabulary = new Set<string>();
  private nDocs = 0;

  constructor(private readonly labels: readonly L[]) {
    for (const l of labels) {
      this.counts.set(l, new Map());
      this.totals.set(l, 0);
      this.docs.set(l, 0);
    }
  }

  train(normalised: string, label: L): void {
    const table = this.counts.get(label);
    if (!table) return;
    this.nDocs++;
    this.docs.set(label, (this.docs.get(label) ?? 0) + 1);
    for (const f of new Set(features(normalised))) {
      table.set(f, (table.get(f) ?? 0) + 1);
      this.totals.set(label, (this.totals.get(label) ?? 0) + 1);
      this.vocabulary.add(f);
    }
  }

  predict(normalised: string): Prediction<L> | null {
    if (this.nDocs === 0) return null;
    const fs = [...new Set(features(normalised))].filter((f) => this.vocabulary.has(f));
    if (fs.length === 0) return null;
    const v = this.vocabulary.size;
    const logs: { label: L; log: number }[] = [];
    for (const l of this.labels) {
      const d = this.docs.get(l) ?? 0;
      if (d === 0) continue;
      const table = this.counts.get(l)!;
      const total = this.totals.get(l) ?? 0;
      let log = Math.log(d / this.nDocs);
      for (const f of fs) log += Math.log(((table.get(f) ?? 0) + 1) / (total + v));
      logs.push({ label: l, log });
    }
    const max = Math.max(...logs.map((x) => x.log));
    const z = logs.reduce((acc, x) => acc + Math.exp(x.log - max), 0);
    let best = logs[0]!;
    for (const x of logs) if (x.log > best.log) best = x;
    return { label: best.label, probability: Math.exp(best.log - max) / z };
  }
}
