import { z } from "zod";

/**
 * The audit log (POLICY.md §8): who did what to which conversation, append-only, kept for the
 * record-keeping period. Events carry ids and codes only, never free text: a borrower's words,
 * an agent's note or a name must not end up here (`details` admits short id-like strings,
 * numbers, booleans and null).
 */
export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "claim",
  "message_sent",
  "decision_run",
  "offer_sent",
  "note",
  "transfer",
  "return",
  "close",
  "approval",
  "rejection",
  "erasure",
  "agreement_stored",
  "export",
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const ActorKind = z.enum(["agent", "supervisor", "system", "borrower", "operator"]);
export type ActorKind = z.infer<typeof ActorKind>;

/**
 * An id or a code: ASCII letters, digits and `_ - . : @ / + ; = | , #` (channel conversation ids
 * use some of these), at most 256 characters, no spaces — so no sentence fits.
 */
export const IdLike = z
  .string()
  .max(256)
  .regex(/^[A-Za-z0-9_\-.:@/+;=|,#]*$/, "must be an id or a code (ASCII letters, digits, _-.:@/+;=|,#), not free text");

export const Actor = z.strictObject({ kind: ActorKind, id: IdLike.min(1) });
export type Actor = z.infer<typeof Actor>;

export const AuditDetails = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "must be a short field name"), z.union([IdLike, z.number(), z.boolean(), z.null()]))
  .refine((d) => Object.keys(d).length <= 20, "at most 20 details");

/** What a caller appends; the store gives it its `id` and `at`. */
export const NewAuditEvent = z.strictObject({
  actor: Actor,
  action: AuditAction,
  conversationId: IdLike.min(1).optional(),
  handoffId: IdLike.min(1).optional(),
  details: AuditDetails.default({}),
});
export type NewAuditEvent = z.input<typeof NewAuditEvent>;

/** A stored event: `id` is ordered ("<ms>-<seq>", as a Redis stream id), `at` is the same instant as ISO text. */
export const AuditEvent = NewAuditEvent.extend({
  id: z.string().regex(/^\d+-\d+$/),
  at: z.string(),
  details: AuditDetails,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.strictObject({
  /** Events at or after this instant (ISO 8601). */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Events strictly after this event id (paging). */
  after: z.string().regex(/^\d{1,15}-\d{1,15}$/).optional(),
  /** At most this many events (default 100, at most 1000). */
  limit: z.number().int().min(1).max(1000).optional(),
  conversationId: z.string().min(1).max(256).optional(),
  actorId: z.string().min(1).max(128).optional(),
  actorKind: ActorKind.optional(),
  action: AuditAction.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AUDIT_DEFAULT_LIMIT = 100;

/** True when an event passes a query's filters (time and paging are handled by the store). */
export function matchesAudit(event: AuditEvent, query: AuditQuery): boolean {
  return (
    (query.conversationId === undefined || event.conversationId === query.conversationId) &&
    (query.actorId === undefined || event.actor.id === query.actorId) &&
    (query.actorKind === undefined || event.actor.kind === query.actorKind) &&
    (query.action === undefined || event.action === query.action)
  );
}
