import type { AuditEvent, AuditQuery, NewAuditEvent } from "../../domain/audit.js";
import { matchesAudit } from "../../domain/audit.js";
import type { AuditLog } from "../types.js";
import { auditEventOf, auditJson, auditRange } from "../audit-shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** Entries read per XRANGE while filtering. */
const PAGE = 500;

/**
 * One Redis Stream (`<prefix>audit`), append-only: XADD with MINID trimming to the record-keeping
 * period (never a TTL: the log as a whole is never dropped), XRANGE to read. Nothing here deletes
 * or rewrites an entry.
 */
export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async append(event: NewAuditEvent): Promise<AuditEvent> {
    const json = auditJson(event);
    const horizon = Math.max(0, this.now() - this.keepMs);
    const id = await this.conn.run("audit append", () =>
      this.conn.client.xAdd(this.keys.audit(), "*", { data: json }, { TRIM: { strategy: "MINID", strategyModifier: "=", threshold: horizon } }),
    );
    return auditEventOf(String(id), json);
  }

  async read(query?: AuditQuery): Promise<AuditEvent[]> {
    const { start, limit, query: q } = auditRange(query, this.now() - this.keepMs);
    const out: AuditEvent[] = [];
    let from = `${start.exclusive ? "(" : ""}${start.ms}-${start.seq}`;
    for (;;) {
      const page = (await this.conn.run("audit read", () => this.conn.client.xRange(this.keys.audit(), from, "+", { COUNT: PAGE }))) ?? [];
      for (const entry of page) {
        const event = auditEventOf(String(entry.id), String((entry.message as Record<string, string>).data ?? "{}"));
        if (matchesAudit(event, q)) out.push(event);
        if (out.length >= limit) return out;
      }
      if (page.length < PAGE) return out;
      from = `(${String(page[page.length - 1]!.id)}`;
    }
  }
}
