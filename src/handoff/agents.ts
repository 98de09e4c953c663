import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { Queue, QUEUES } from "../domain/decision.js";
import { XieshangError } from "../errors.js";

/**
 * The desk's agents (AGENTS_FILE): id, display name, role, the queues they serve, and a bcrypt
 * password hash (bcryptjs, a kept library; cost 12 for new entries). Without AGENTS_FILE on a
 * loopback HOST there are two demo users (documented in the README); see availability.ts.
 */
export const Role = z.enum(["agent", "supervisor"]);
export type Role = z.infer<typeof Role>;

export const AgentEntry = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "must be 1–64 letters, digits or _ . @ -"),
  displayName: z.string().min(1).max(80),
  role: Role,
  queues: z.array(Queue).min(1),
  passwordHash: z.string().regex(/^\$2[aby]\$\d{2}\$.{53}$/, "must be a bcrypt hash (xieshang agent add writes one)"),
});
export type AgentEntry = z.infer<typeof AgentEntry>;

export const AgentsFile = z.strictObject({ agents: z.array(AgentEntry) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.agents.forEach((a, i) => {
    if (seen.has(a.id)) ctx.addIssue({ code: "custom", path: ["agents", i, "id"], message: `duplicate agent id ${a.id}` });
    seen.add(a.id);
  });
});

/** An agent as the API shows it (never the hash). */
export interface Agent {
  id: string;
  displayName: string;
  role: Role;
  queues: Queue[];
}

export function publicAgent(a: AgentEntry): Agent {
  return { id: a.id, displayName: a.displayName, role: a.role, queues: [...a.queues] };
}

export const NEW_HASH_COST = 12;
/** Demo hashes are made at start-up on a developer's machine: a lower cost keeps start-up quick. */
const DEMO_HASH_COST = 8;

export const DEMO_USERS = [
  { id: "demo-agent", password: "demo-agent-pass", displayName: "Demo Agent", role: "agent" as const },
  { id: "demo-supervisor", password: "demo-supervisor-pass", displayName: "Demo Supervisor", role: "supervisor" as const },
];

let demoCache: AgentEntry[] | undefined;

/** The two demo users (all queues), hashed once per process. */
export function demoAgents(): AgentEntry[] {
  demoCache ??= DEMO_USERS.map((u) => ({
    id: u.id,
    displayName: u.displayName,
    role: u.role,
    queues: [...QUEUES],
    passwordHash: bcrypt.hashSync(u.password, DEMO_HASH_COST),
  }));
  return demoCache;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ");
}

export function loadAgentsFile(file: string): AgentEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new XieshangError("config", `AGENTS_FILE ${file} cannot be read: ${(error as Error).message}`);
  }
  const parsed = AgentsFile.safeParse(raw);
  if (!parsed.success) throw new XieshangError("config", `AGENTS_FILE ${file} is invalid: ${describe(parsed.error)}`);
  return parsed.data.agents;
}

/** A hash to compare against when the agent id is unknown, so that the answer takes as long. */
const UNKNOWN_HASH = bcrypt.hashSync("no such agent", DEMO_HASH_COST);

export class AgentDirectory {
  private readonly byId: Map<string, AgentEntry>;

  constructor(entries: AgentEntry[]) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  get(id: string): Agent | null {
    const e = this.byId.get(id);
    return e ? publicAgent(e) : null;
  }

  /** The agent when the password matches; null otherwise (same work either way). */
  async verify(id: string, password: string): Promise<Agent | null> {
    const entry = this.byId.get(id);
    const ok = await bcrypt.compare(password, entry?.passwordHash ?? UNKNOWN_HASH);
    return ok && entry ? publicAgent(entry) : null;
  }
}

/** `xieshang agent add`: adds or replaces one entry, writing the file atomically. */
export async function addAgent(
  file: string,
  input: { id: string; displayName: string; role: Role; queues: Queue[]; password: string },
): Promise<AgentEntry> {
  if (input.password.length < 12) throw new XieshangError("bad_request", "password: must be at least 12 characters");
  const existing = existsSync(file) ? loadAgentsFile(file) : [];
  const entry = AgentEntry.parse({
    id: input.id,
    displayName: input.displayName,
    role: input.role,
    queues: input.queues,
    passwordHash: await bcrypt.hash(input.password, NEW_HASH_COST),
  });
  const agents = [...existing.filter((a) => a.id !== entry.id), entry];
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ agents }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return entry;
}
