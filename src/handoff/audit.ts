/**
 * What the desk writes to the audit log (`stores.audit`, i7ops's append-only store): actor,
 * action, conversation and handoff ids, and id-like details — never text. Typed structurally so
 * that this module does not depend on which backend provides it.
 */
export interface DeskAuditEvent {
  actor: { kind: "agent" | "supervisor" | "system" | "borrower"; id: string };
  action:
    | "sign_in"
    | "sign_in_failed"
    | "sign_out"
    | "claim"
    | "message_sent"
    | "decision_run"
    | "offer_sent"
    | "note"
    | "transfer"
    | "return"
    | "close"
    | "approval"
    | "rejection"
    | "agreement_stored";
  conversationId?: string;
  handoffId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export interface DeskAudit {
  append(event: DeskAuditEvent): Promise<unknown>;
}

/** No audit store configured: nothing is written (tests of other parts). */
export const noAudit: DeskAudit = { append: async () => undefined };
