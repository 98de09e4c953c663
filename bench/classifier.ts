/**
 * `npm run bench:classifier [-- --rounds 5]` — median (and p90, p99) time to classify one message
 * with the offline classifier (the shipped learned model, the lexicon evidence and the self-harm
 * detector included), single-threaded, on every row of every split. Method: one untimed warm-up
 * pass (loads the model and jieba's dictionary, lets V8 optimise), then `rounds` timed passes in a
 * seeded shuffled order; each call timed with process.hrtime.bigint(). Also the same for the old
 * lexicon classifier alone, and the one-off start-up cost (model + dictionary load).
 */
import { loadDataset, SPLITS } from "../src/understanding/dataset.js";
import { prng, shuffle } from "../src/understanding/learned/softmax.js";
import { LexiconClassifier, OfflineClassifier } from "../src/understanding/offline/index.js";

const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1] ?? 5) || 5;
const rows = SPLITS.flatMap((s) => loadDataset(s));

function measure(name: string, analyse: (text: string) => unknown): void {
  for (const r of rows) analyse(r.text);
  const times: number[] = [];
  const order = shuffle([...rows.keys()], prng(7));
  for (let k = 0; k < rounds; k++) {
    for (const i of order) {
      const t0 = process.hrtime.bigint();
      analyse(rows[i]!.text);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number): string => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(3);
  process.stdout.write(`${name.padEnd(34)} median ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms  (${times.length} calls)\n`);
}

const t0 = process.hrtime.bigint();
const offline = new OfflineClassifier();
offline.analyse("预热");
process.stdout.write(`start-up (model + jieba dictionary): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms\n`);
measure("offline classifier (learned)", (t) => offline.analyse(t));
const lexicon = new LexiconClassifier();
measure("old lexicon classifier alone", (t) => lexicon.analyse(t));
