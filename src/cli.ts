#!/usr/bin/env node
/** `xieshang serve | chat | decide | classify` — each subcommand lives in src/cli/<name>.ts. */
const USAGE = `usage: xieshang <command>
  serve                         run the bot over HTTP (web widget, Direct Line, /api/messages)
  chat [--locale zh-CN|en]      negotiate in this terminal through the same bot
  decide [FILE]                 decide one HardshipCase (JSON file or standard input)
  classify                      classify JSON lines {"text","locale"} from standard input`;

const commands: Record<string, () => Promise<{ main(args: string[]): Promise<number> }>> = {
  serve: () => import("./cli/serve.js"),
  chat: () => import("./cli/chat.js"),
  decide: () => import("./cli/decide.js"),
  classify: () => import("./cli/classify.js"),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(name === "--help" || name === "-h" ? 0 : 2);
} else {
  const { main } = await load();
  const code = await main(args);
  if (code !== 0 || name === "decide" || name === "classify") process.exit(code);
}
