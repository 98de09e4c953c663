/**
 * `xieshang classify` — reads JSON lines `{"text": "...", "locale": "zh-CN" | "en"}` from standard
 * input and writes one JSON line per input line to standard output, in order:
 *   `{"intent","reason","vulnerabilities","confidence","source","alternatives"}` for a good line, or
 *   `{"error": "line N: <what is wrong>"}` for a malformed one (processing continues).
 * Blank lines are skipped (they still count for line numbers). Exit code: 0 when every line was
 * good, 1 when at least one line was malformed, 2 for a usage or configuration error (stderr).
 * Configuration comes from the environment (loadConfig): OPENAI_API_KEY set → LLM, else offline.
 * The borrower's text is never written anywhere but the classification result.
 */
import { createInterface } from "node:readline";
import { z } from "zod";
import { loadConfig } from "../config.js";
import { Locale } from "../domain/classification.js";
import { createClassifier } from "../understanding/index.js";

const USAGE = `usage: xieshang classify < messages.jsonl
  each input line:  {"text": "...", "locale": "zh-CN" | "en"}
  each output line: {"intent","reason","vulnerabilities","confidence","source","alternatives"} or {"error": "line N: ..."}
    vulnerabilities: self_harm_risk, self_harm_possible, serious_illness, mental_health
    alternatives: the most likely intents with calibrated probabilities (offline classifier)
  exit 0 = all lines classified, 1 = some lines malformed, 2 = usage or configuration error\n`;

const InputLine = z.strictObject({ text: z.string().max(10000), locale: Locale });

function write(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
  });
}

export async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let classifier;
  try {
    classifier = createClassifier(loadConfig(process.env), (cause) => {
      process.stderr.write(`classify: LLM unavailable (${cause}); used the offline classifier\n`);
    });
  } catch (err) {
    process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let failed = false;
  let n = 0;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of rl) {
    n++;
    if (raw.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      failed = true;
      await write(JSON.stringify({ error: `line ${n}: not valid JSON` }));
      continue;
    }
    const parsed = InputLine.safeParse(json);
    if (!parsed.success) {
      failed = true;
      const msg = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(line)"}: ${i.message}`).join("; ");
      await write(JSON.stringify({ error: `line ${n}: ${msg}` }));
      continue;
    }
    const r = await classifier.classify(parsed.data.text, parsed.data.locale);
    await write(
      JSON.stringify({
        intent: r.intent,
        reason: r.reason,
        vulnerabilities: r.vulnerabilities,
        confidence: r.confidence,
        source: r.source,
        ...(r.alternatives ? { alternatives: r.alternatives } : {}),
      }),
    );
  }
  return failed ? 1 : 0;
}
