#!/usr/bin/env node
/** `xieshang serve | chat | decide | classify | forget | export` — each subcommand lives in src/cli/<name>.ts. */
const USAGE = `usage: xieshang <command>
  serve                         run the bot over HTTP (web widget, Direct Line, /api/messages)
  chat [--locale zh-CN|en]      negotiate in this terminal through the same bot
  decide [FILE]                 decide one HardshipCase (JSON file or standard input)
  classify                      classify JSON lines {"text","locale"} from standard input
  forget --conversation ID | --account ID
                                erase a borrower's data (POLICY §8; agreements and audit kept)
  export --since ISO [--kind agreements|audit]
                                agreements or audit events as JSON lines, for the system of record
  audit export --since ISO      the audit log as JSON lines (same as export --kind audit)
  agent add --id ID --name NAME --role agent|supervisor --queues Q[,Q…] [--file PATH]
                                add a desk agent to AGENTS_FILE (password from standard input)`;

const commands: Record<string, () => Promise<{ main(args: string[]): Promise<number> }>> = {
  serve: () => import("./cli/serve.js"),
  chat: () => import("./cli/chat.js"),
  decide: () => import("./cli/decide.js"),
  classify: () => import("./cli/classify.js"),
  forget: () => import("./cli/forget.js"),
  export: () => import("./cli/export.js"),
  audit: () => import("./cli/audit.js"),
  agent: () => import("./cli/agent.js"),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(name === "--help" || name === "-h" ? 0 : 2);
} else {
  const { main } = await load();
  const code = await main(args);
  if (code !== 0 || ["decide", "classify", "forget", "export", "audit", "agent"].includes(name ?? "")) process.exit(code);
}
