import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DeskStore } from "../store/types.js";
import type { Agent } from "./agents.js";
import { Role } from "./agents.js";
import { Queue } from "../domain/decision.js";

const StoredSession = z.strictObject({
  agent: z.strictObject({ id: z.string(), displayName: z.string(), role: Role, queues: z.array(Queue) }),
  csrfToken: z.string(),
  createdAtMs: z.number(),
  lastSeenMs: z.number(),
});
export type AgentSession = z.infer<typeof StoredSession> & { id: string; expiresAt: string };

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/**
 * Server-side agent sessions in the store (any instance accepts them): an opaque random id in
 * the cookie, a CSRF token per session, idle expiry (refreshed on use) and an absolute expiry.
 */
export class AgentSessions {
  constructor(
    private readonly desk: Pick<DeskStore, "putSession" | "getSession" | "deleteSession">,
    private readonly policy: SessionPolicy,
    private readonly now: () => number = Date.now,
    /**
     * The agent as the directory has them now: a session carries the role and queues of its
     * sign-in, so an agent removed, demoted or moved to other queues (AGENTS_FILE, then a restart)
     * would keep the old access until the session ends. Each use reads them again; gone → no session.
     */
    private readonly current?: (agentId: string) => Agent | null,
  ) {}

  async create(agent: Agent): Promise<AgentSession> {
    const id = randomBytes(32).toString("base64url");
    const at = this.now();
    const stored = { agent, csrfToken: randomBytes(24).toString("base64url"), createdAtMs: at, lastSeenMs: at };
    await this.desk.putSession(id, JSON.stringify(stored), this.ttlSeconds(stored));
    return { id, ...stored, expiresAt: this.expiresAt(stored) };
  }

  /** The live session (idle time refreshed), or null when unknown or expired. */
  async get(id: string | undefined): Promise<AgentSession | null> {
    if (!id || !/^[A-Za-z0-9_-]{20,100}$/.test(id)) return null;
    const json = await this.desk.getSession(id);
    if (!json) return null;
    const parsed = StoredSession.safeParse(JSON.parse(json));
    if (!parsed.success) return null;
    const s = parsed.data;
    const agent = this.current ? this.current(s.agent.id) : s.agent;
    if (!agent) {
      await this.desk.deleteSession(id);
      return null;
    }
    s.agent = { id: agent.id, displayName: agent.displayName, role: agent.role, queues: [...agent.queues] };
    const at = this.now();
    if (at - s.lastSeenMs >= this.policy.idleMs || at - s.createdAtMs >= this.policy.absoluteMs) {
      await this.desk.deleteSession(id);
      return null;
    }
    // Refresh the idle clock at most once a minute (a busy console polls and posts often).
    if (at - s.lastSeenMs > 60_000) {
      s.lastSeenMs = at;
      await this.desk.putSession(id, JSON.stringify(s), this.ttlSeconds(s));
    }
    return { id, ...s, expiresAt: this.expiresAt(s) };
  }

  async delete(id: string): Promise<void> {
    await this.desk.deleteSession(id);
  }

  static csrfMatches(session: AgentSession, header: string | undefined): boolean {
    if (!header) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(header);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private ttlSeconds(s: { createdAtMs: number; lastSeenMs: number }): number {
    const until = Math.min(s.lastSeenMs + this.policy.idleMs, s.createdAtMs + this.policy.absoluteMs);
    return Math.max(1, Math.ceil((until - this.now()) / 1000));
  }

  private expiresAt(s: { createdAtMs: number; lastSeenMs: number }): string {
    return new Date(Math.min(s.lastSeenMs + this.policy.idleMs, s.createdAtMs + this.policy.absoluteMs)).toISOString();
  }
}
