/**
 * `npm run eval:classifier [-- --split train|test|blind2|blind4] [-- --misses]` — scores the offline classifier on
 * a split of the shipped data set (default: test) and prints accuracy per intent and per reason,
 * self-harm recall and false alarms, and the intent confusion table. `--misses` also lists the
 * rows it got wrong (these are our own synthetic rows, never a borrower's words).
 */
import { INTENTS } from "../domain/classification.js";
import { loadDataset, SPLITS, type Split } from "./dataset.js";
import { evaluate, type LabelScore } from "./evaluate.js";
import { createOfflineClassifier } from "./offline/index.js";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const line = (s: LabelScore): string =>
  `  ${s.label.padEnd(20)} ${String(s.correct).padStart(4)}/${String(s.total).padEnd(4)} ${s.total ? pct(s.correct / s.total) : "-"}`;

export function run(args: readonly string[]): number {
  const i = args.indexOf("--split");
  const split = (i >= 0 ? args[i + 1] : "test") as Split;
  if (!SPLITS.includes(split)) {
    process.stderr.write(`--split must be one of ${SPLITS.join(", ")}\n`);
    return 2;
  }
  const report = evaluate(createOfflineClassifier(), loadDataset(split));
  const out: string[] = [];
  out.push(`offline classifier on the ${split} split (${report.size} messages)`);
  out.push(`intent accuracy  ${pct(report.intentAccuracy)}`);
  out.push(`reason accuracy  ${pct(report.reasonAccuracy)}`);
  out.push(
    `self-harm recall ${pct(report.selfHarm.recall)} (${report.selfHarm.detected}/${report.selfHarm.positives}); ` +
      `false alarms ${report.falseAlarms.count}/${report.falseAlarms.negatives} (${pct(report.falseAlarms.rate)})`,
  );
  out.push("", "per intent:", ...report.perIntent.map(line));
  out.push("", "per reason:", ...report.perReason.map(line));
  const abbrev = (s: string): string => s.slice(0, 7).padStart(8);
  out.push("", "intent confusion (rows = expected, columns = predicted):");
  out.push(`${"".padEnd(18)}${INTENTS.map(abbrev).join("")}`);
  for (const e of INTENTS) {
    out.push(`${e.padEnd(18)}${INTENTS.map((p) => String(report.confusion[e][p]).padStart(8)).join("")}`);
  }
  if (args.includes("--misses")) {
    out.push("", "misses:");
    for (const m of report.misses) {
      out.push(`  ${m.text}`);
      out.push(`    expected ${m.expected.intent}/${m.expected.reason}${m.expected.selfHarm ? "/SH" : ""}  got ${m.actual.intent}/${m.actual.reason}${m.actual.selfHarm ? "/SH" : ""}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "")) {
  process.exitCode = run(process.argv.slice(2));
}
