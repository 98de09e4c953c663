/** What both audit backends share: input checks, the stored form and the query bounds. */
import { AUDIT_DEFAULT_LIMIT, AuditEvent, AuditQuery, NewAuditEvent } from "../domain/audit.js";
import { XieshangError } from "../errors.js";

/** The JSON stored for an event: everything but `id` and `at`, which come from the stream id. */
export function auditJson(event: NewAuditEvent): string {
  const parsed = NewAuditEvent.safeParse(event);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ");
    throw new XieshangError("bad_request", `audit event: ${what}`);
  }
  return JSON.stringify(parsed.data);
}

export function auditEventOf(id: string, json: string): AuditEvent {
  const ms = Number(id.slice(0, id.indexOf("-")));
  return { id, at: new Date(ms).toISOString(), ...(JSON.parse(json) as Omit<AuditEvent, "id" | "at">) };
}

export interface AuditRange {
  /** Smallest stream id (inclusive), "<ms>-<seq>", or exclusive when `exclusive`. */
  start: { ms: number; seq: number; exclusive: boolean };
  limit: number;
  query: AuditQuery;
}

/** Validates a query and turns it into a start id: the latest of `since`, `after` and the retention horizon. */
export function auditRange(input: unknown, horizonMs: number): AuditRange {
  const parsed = AuditQuery.safeParse(input ?? {});
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join(".") || "(query)"}: ${i.message}`).join("; ");
    throw new XieshangError("bad_request", `audit query: ${what}`);
  }
  const query = parsed.data;
  let start = { ms: Math.max(0, horizonMs), seq: 0, exclusive: false };
  if (query.since !== undefined) {
    const ms = Date.parse(query.since);
    if (ms > start.ms) start = { ms, seq: 0, exclusive: false };
  }
  if (query.after !== undefined) {
    const [ms, seq] = query.after.split("-").map(Number) as [number, number];
    if (ms > start.ms || (ms === start.ms && (seq > start.seq || (seq === start.seq && !start.exclusive)))) {
      start = { ms, seq, exclusive: true };
    }
  }
  return { start, limit: query.limit ?? AUDIT_DEFAULT_LIMIT, query };
}
