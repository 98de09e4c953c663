/** `xieshang audit export --since ISO` — the audit log as JSON lines (i7ops's `export --kind audit`). */
import { writeLine } from "./ops.js";

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "export") {
    await writeLine(process.stderr, "usage: xieshang audit export --since ISO-8601 [--operator ID]");
    return 2;
  }
  const { main: exportMain } = await import("./export.js");
  return exportMain([...rest, "--kind", "audit"]);
}
