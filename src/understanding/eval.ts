/**
 * `npm run eval:classifier [-- --split test|blind2|blind4|blind-c|blind-d|train|held-out] [--lexicon] [--llm] [--misses] [--threshold 0.7]`
 *
 * Scores a classifier on a split of the shipped data set (default: every held-out split, one after
 * the other, then pooled) and prints: intent accuracy (also with fraud and dispute merged), the
 * share of messages at or above the confidence threshold and the accuracy on them (the rest the
 * dialog asks about), reason accuracy, self-harm recall per tier, false alarms on ordinary messages
 * and on idioms/others' deaths separately, the intent reliability table (ECE), per intent and per
 * reason, and the intent confusion table.
 *
 *  - default: the offline classifier (the shipped learned model);
 *  - `--lexicon`: the old product (hand-written lexicons + naive-Bayes fallback on the old train.jsonl), for comparison;
 *  - `--llm`: the LLM classifier against OPENAI_BASE_URL / OPENAI_MODEL (OPENAI_API_KEY, or
 *    "none" for a local server), with the offline self-harm tier applied on top, as in production.
 *    Messages the LLM could not answer (offline fallback) are counted and printed.
 * `--misses` lists the rows it got wrong (our own synthetic rows, never a borrower's words).
 */
import { INTENTS } from "../domain/classification.js";
import { loadConfig } from "../config.js";
import { datasetPath, loadDataset, loadFile, SPLITS, type LabelledMessage, type Split } from "./dataset.js";
import { evaluate, evaluateClassifier, type EvaluationReport, type LabelScore, type Rate } from "./evaluate.js";
import { LlmClassifier, type FallbackCause } from "./llm.js";
import { createOfflineClassifier, LexiconClassifier } from "./offline/index.js";

const HELD_OUT: readonly Split[] = ["test", "blind2", "blind4", "blind-c", "blind-d"];
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const r = (x: Rate): string => `${pct(x.rate)} (${x.count}/${x.of})`;
const line = (s: LabelScore): string =>
  `  ${s.label.padEnd(20)} ${String(s.correct).padStart(4)}/${String(s.total).padEnd(4)} ${s.total ? pct(s.correct / s.total) : "-"}`;

export function format(title: string, report: EvaluationReport, details: boolean): string[] {
  const out: string[] = [];
  out.push(`${title} (${report.size} messages)`);
  out.push(`intent accuracy     ${pct(report.intentAccuracy)}  (fraud+dispute as one: ${pct(report.intentAccuracyFraudDisputeMerged)})`);
  out.push(
    `  confident (≥ ${report.threshold}) ${pct(report.confident.share)} of messages, accuracy on them ${pct(report.confident.accuracy)}; asks on ${pct(report.askRate)}`,
  );
  out.push(`  calibration ECE ${report.calibration.ece.toFixed(3)}`);
  out.push(`reason accuracy     ${pct(report.reasonAccuracy)}`);
  out.push(`self-harm (risk or possible labelled) flagged at least possible: ${pct(report.selfHarm.recall)} (${report.selfHarm.detected}/${report.selfHarm.positives})`);
  out.push(`  labelled risk     → risk ${r(report.tiers.riskAsRisk)}, at least possible ${r(report.tiers.riskAtLeastPossible)}`);
  out.push(`  labelled possible → at least possible ${r(report.tiers.possibleAtLeastPossible)}`);
  out.push(`false alarms, ordinary messages: risk ${r(report.ordinary.risk)}, risk or possible ${r(report.ordinary.possible)}`);
  out.push(`false alarms, idioms/titles/others' deaths: risk ${r(report.idioms.risk)}, risk or possible ${r(report.idioms.possible)}`);
  if (report.detectorAsRisk) {
    out.push(
      `  (if every lexicon-detector hit is escalated as risk, as src/understanding/signals.ts does today: ordinary ${r(report.detectorAsRisk.ordinary)}, idioms ${r(report.detectorAsRisk.idioms)})`,
    );
  }
  if (!details) return out;
  out.push("", "reliability (intent confidence bins):");
  for (const b of report.calibration.bins) {
    out.push(`  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  n=${String(b.count).padStart(4)}  mean confidence ${b.meanConfidence.toFixed(3)}  accuracy ${b.accuracy.toFixed(3)}`);
  }
  out.push("", "per intent:", ...report.perIntent.map(line));
  out.push("", "per reason:", ...report.perReason.map(line));
  const abbrev = (s: string): string => s.slice(0, 7).padStart(8);
  out.push("", "intent confusion (rows = expected, columns = predicted):");
  out.push(`${"".padEnd(18)}${INTENTS.map(abbrev).join("")}`);
  for (const e of INTENTS) {
    out.push(`${e.padEnd(18)}${INTENTS.map((p) => String(report.confusion[e][p]).padStart(8)).join("")}`);
  }
  return out;
}

function misses(report: EvaluationReport): string[] {
  const out = ["", "misses:"];
  for (const m of report.misses) {
    out.push(`  ${m.text}`);
    out.push(
      `    expected ${m.expected.intent}/${m.expected.reason}/${m.expected.selfHarm}  got ${m.actual.intent}/${m.actual.reason}/${m.actual.selfHarm} (${m.actual.confidence})`,
    );
  }
  return out;
}

export async function run(
  args: readonly string[],
  env: Record<string, string | undefined> = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const which = value("--split") ?? "held-out";
  if (which !== "held-out" && !SPLITS.includes(which as Split)) {
    process.stderr.write(`--split must be one of ${SPLITS.join(", ")}, held-out\n`);
    return 2;
  }
  // The product's threshold (CLASSIFIER_MIN_CONFIDENCE, as configured, else its default) unless --threshold says otherwise.
  const threshold = Number(value("--threshold") ?? env.CLASSIFIER_MIN_CONFIDENCE ?? loadConfig({}).CLASSIFIER_MIN_CONFIDENCE);
  if (!(threshold >= 0 && threshold <= 1)) {
    process.stderr.write("--threshold must be a number from 0 to 1\n");
    return 2;
  }
  const splits = (which === "held-out" ? HELD_OUT : [which as Split]).filter((s) => loadDataset(s).length > 0);
  const offline = createOfflineClassifier();
  const causes: FallbackCause[] = [];
  let name = "offline classifier (learned model)";
  let scoreRows: (rows: LabelledMessage[]) => Promise<EvaluationReport> = async (rows) => evaluate(offline, rows, threshold);
  if (args.includes("--lexicon")) {
    // The product before issue 9: lexicons plus the naive-Bayes fallback trained on the old train.jsonl only.
    const lexicon = new LexiconClassifier({ training: loadFile(datasetPath("train")) });
    name = "old lexicon classifier (with its naive-Bayes fallback)";
    scoreRows = async (rows) => evaluate(lexicon, rows, threshold);
  } else if (args.includes("--llm")) {
    let config;
    try {
      config = loadConfig(env);
    } catch (err) {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    const llm = new LlmClassifier({
      apiKey: config.OPENAI_API_KEY ?? "none",
      baseURL: config.OPENAI_BASE_URL,
      model: config.OPENAI_MODEL,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      offline,
      onFallback: (cause) => causes.push(cause),
    });
    name = `LLM classifier (${config.OPENAI_MODEL} at ${config.OPENAI_BASE_URL ?? "the SDK default"}; offline self-harm tier on top)`;
    scoreRows = (rows) => evaluateClassifier(llm, rows, threshold);
  }
  const out: string[] = [];
  const pooled: LabelledMessage[] = [];
  for (const split of splits) {
    const rows = loadDataset(split);
    pooled.push(...rows);
    const report = await scoreRows(rows);
    out.push(...format(`${name} on ${split}`, report, splits.length === 1), "");
    if (args.includes("--misses")) out.push(...misses(report), "");
  }
  if (splits.length > 1) {
    out.push(...format(`${name} on all held-out splits pooled (${splits.join(", ")})`, await scoreRows(pooled), true));
  }
  if (args.includes("--llm")) {
    const byCause = new Map<string, number>();
    for (const c of causes) byCause.set(c, (byCause.get(c) ?? 0) + 1);
    out.push("", `LLM unavailable (offline fallback) on ${causes.length} message(s)${causes.length ? `: ${[...byCause].map(([c, n]) => `${c} ${n}`).join(", ")}` : ""}`);
  }
  write(`${out.join("\n")}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "")) {
  run(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
