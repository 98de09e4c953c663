/**
 * `xieshang agent add --id ID --name NAME --role agent|supervisor --queues q1,q2 [--file PATH]` —
 * adds (or replaces) one desk agent in AGENTS_FILE (or --file), the password read from standard
 * input (never from the command line, where other users and the shell history would see it),
 * hashed with bcrypt. Exit 0 done, 1 file error, 2 usage.
 */
import { z } from "zod";
import { Queue } from "../domain/decision.js";
import { XieshangError } from "../errors.js";
import { addAgent, Role } from "../handoff/agents.js";
import { parseFlags, UsageError, writeLine } from "./ops.js";

const USAGE = `usage: xieshang agent add --id ID --name NAME --role agent|supervisor --queues QUEUE[,QUEUE…] [--file PATH]
  Reads the password (at least 12 characters) from standard input — type it and press Enter, or
  pipe it — and writes the agent with a bcrypt hash to --file or AGENTS_FILE.
  Queues: welfare, specialist, disputes, complaints, general, recoveries.
  Exit status: 0 done, 1 file error, 2 usage.`;

const Args = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).max(80),
  role: Role,
  queues: z.string().transform((v, ctx) => {
    const queues = v.split(",").map((q) => q.trim()).filter(Boolean);
    const parsed = z.array(Queue).min(1).safeParse(queues);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: `must be a comma-separated list of ${Queue.options.join(", ")}` });
      return z.NEVER;
    }
    return parsed.data;
  }),
  file: z.string().min(1).optional(),
});

async function readPassword(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, "");
}

export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "--help" || sub === "-h") {
    await writeLine(process.stdout, USAGE);
    return 0;
  }
  try {
    if (sub !== "add") throw new UsageError(sub ? `unknown subcommand ${sub}` : "missing subcommand");
    if (rest.some((a) => /^--password(=|$)/.test(a))) throw new UsageError("--password: not accepted on the command line; pipe it to standard input");
    const parsed = Args.safeParse(parseFlags(rest, ["id", "name", "role", "queues", "file"]));
    if (!parsed.success) {
      throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}` : "arguments"}: ${i.message}`).join("; "));
    }
    const file = parsed.data.file ?? process.env.AGENTS_FILE?.trim();
    if (!file) throw new UsageError("--file: needed when AGENTS_FILE is not set");
    if (process.stdin.isTTY) process.stderr.write("password: ");
    const password = await readPassword();
    const entry = await addAgent(file, { id: parsed.data.id, displayName: parsed.data.name, role: parsed.data.role, queues: parsed.data.queues, password });
    await writeLine(process.stdout, `agent ${entry.id} (${entry.role}; ${entry.queues.join(", ")}) written to ${file}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      await writeLine(process.stderr, `xieshang agent: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof XieshangError || err instanceof z.ZodError) {
      await writeLine(process.stderr, `xieshang agent: ${err.message}`);
      return err instanceof XieshangError && err.code === "bad_request" ? 2 : 1;
    }
    throw err;
  }
}
