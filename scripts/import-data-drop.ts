/**
 * Imports a labelled JSON-lines file written by a data hand (e.g. /work/data-drop/data-a-train.jsonl)
 * into src/understanding/data/: each row is validated with the data set's row schema (after
 * taking off its `source` tag), rows whose text already appears in any split are dropped, and the
 * rows are written one file per source tag, `<prefix>-<source>.jsonl` (provenance without a schema
 * change). Usage: npx tsx scripts/import-data-drop.ts <file> <prefix>   (prefix: train, or a new blind split such as blind-c / blind-d)
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LabelledMessage } from "../src/understanding/dataset.js";

const dataDir = fileURLToPath(new URL("../src/understanding/data/", import.meta.url));
const [src, prefix] = process.argv.slice(2);
if (!src || !prefix) {
  process.stderr.write("usage: npx tsx scripts/import-data-drop.ts <file.jsonl> <prefix>\n");
  process.exit(2);
}
const seen = new Set<string>();
for (const f of readdirSync(dataDir)) {
  if (!f.endsWith(".jsonl")) continue;
  for (const l of readFileSync(dataDir + f, "utf8").split("\n")) if (l.trim()) seen.add((JSON.parse(l) as { text: string }).text.trim());
}
const bySource = new Map<string, string[]>();
let invalid = 0;
let duplicates = 0;
readFileSync(src, "utf8")
  .split("\n")
  .forEach((line, i) => {
    if (!line.trim()) return;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(line) as Record<string, unknown>;
    } catch {
      invalid++;
      process.stderr.write(`line ${i + 1}: not valid JSON\n`);
      return;
    }
    const { source, ...row } = json;
    const parsed = LabelledMessage.safeParse(row);
    if (!parsed.success) {
      invalid++;
      process.stderr.write(`line ${i + 1}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}\n`);
      return;
    }
    const text = parsed.data.text.trim();
    if (seen.has(text)) {
      duplicates++;
      return;
    }
    seen.add(text);
    const tag = String(source ?? "untagged").replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
    bySource.set(tag, [...(bySource.get(tag) ?? []), JSON.stringify(parsed.data)]);
  });
for (const [tag, rows] of bySource) {
  writeFileSync(`${dataDir}${prefix}-${tag}.jsonl`, `${rows.join("\n")}\n`);
  process.stdout.write(`${prefix}-${tag}.jsonl: ${rows.length}\n`);
}
process.stdout.write(`${src}: ${[...bySource.values()].reduce((n, r) => n + r.length, 0)} imported, ${invalid} invalid, ${duplicates} duplicates dropped\n`);
