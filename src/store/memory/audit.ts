import type { AuditEvent, AuditQuery, NewAuditEvent } from "../../domain/audit.js";
import { matchesAudit } from "../../domain/audit.js";
import type { AuditLog } from "../types.js";
import { auditEventOf, auditJson, auditRange } from "../audit-shared.js";

interface Stored {
  ms: number;
  seq: number;
  json: string;
}

/**
 * Append-only, oldest first; entries older than the record-keeping period are dropped (from the
 * front) on every append and read, like the Redis backend's MINID trimming.
 */
export class MemoryAuditLog implements AuditLog {
  private readonly entries: Stored[] = [];
  private last = { ms: 0, seq: 0 };

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async append(event: NewAuditEvent): Promise<AuditEvent> {
    const json = auditJson(event);
    this.trim();
    const ms = this.now();
    const at = ms > this.last.ms ? { ms, seq: 0 } : { ms: this.last.ms, seq: this.last.seq + 1 };
    this.last = at;
    this.entries.push({ ...at, json });
    return auditEventOf(`${at.ms}-${at.seq}`, json);
  }

  async read(query?: AuditQuery): Promise<AuditEvent[]> {
    this.trim();
    const { start, limit, query: q } = auditRange(query, this.now() - this.keepMs);
    const out: AuditEvent[] = [];
    for (const entry of this.entries) {
      if (out.length >= limit) break;
      const cmp = entry.ms - start.ms || entry.seq - start.seq;
      if (cmp < 0 || (cmp === 0 && start.exclusive)) continue;
      const event = auditEventOf(`${entry.ms}-${entry.seq}`, entry.json);
      if (matchesAudit(event, q)) out.push(event);
    }
    return out;
  }

  private trim(): void {
    const horizon = this.now() - this.keepMs;
    let n = 0;
    while (n < this.entries.length && this.entries[n]!.ms < horizon) n++;
    if (n > 0) this.entries.splice(0, n);
  }
}
