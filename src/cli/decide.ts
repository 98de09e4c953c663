/** `xieshang decide [FILE]` — decide one HardshipCase read from FILE or standard input. */
import { readFile } from "node:fs/promises";
import { XieshangError } from "../errors.js";
import { decideUnknown, loadPolicy, serializeDecision } from "../rules/index.js";
import { systemMessage } from "../rules/system-message.js";

const PREFIX = "xieshang decide";
const USAGE = `usage: xieshang decide [FILE]
  Reads one HardshipCase (JSON) from FILE, or from standard input when FILE is absent or "-",
  and prints the decision as JSON. POLICY_FILE selects a policy pack (default: built-in cn-2026.1).
  Exit status: 0 decided, 1 bad input or policy, 2 usage.`;

/**
 * Prints the decision JSON (2-space indent) and returns 0. Bad input, a missing file or a
 * broken policy pack: one line on stderr, no stack trace, returns 1. Usage errors return 2.
 */
export async function main(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    await write(process.stdout, `${USAGE}\n`);
    return 0;
  }
  const file = args[0];
  if (args.length > 1 || (file !== undefined && file !== "-" && file.startsWith("-"))) {
    await write(process.stderr, `${USAGE}\n`);
    return 2;
  }
  const fromStdin = file === undefined || file === "-";
  if (fromStdin && process.stdin.isTTY) {
    await write(process.stderr, `${USAGE}\n`);
    return 2;
  }
  try {
    const policy = loadPolicy(nonEmpty(process.env.POLICY_FILE));
    const source = fromStdin ? "standard input" : file;
    const text = fromStdin ? await readStdin() : await readCaseFile(file);
    const decision = decideUnknown(parseJson(text, source), policy);
    await write(process.stdout, serializeDecision(decision));
    return 0;
  } catch (err) {
    if (!(err instanceof XieshangError)) throw err;
    await write(process.stderr, `${PREFIX}: ${oneLine(err.message)}\n`);
    return 1;
  }
}

async function readCaseFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new XieshangError("bad_request", `${file}: cannot read: ${systemMessage(err)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string, source: string): unknown {
  if (text.trim() === "") throw new XieshangError("bad_request", `${source}: empty input`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new XieshangError("bad_request", `${source}: invalid JSON: ${systemMessage(err)}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}
