import type { Hardship } from "../src/domain/case.js";
import type { TraceEntry } from "../src/domain/decision.js";
import type { VerifiedAccount } from "../src/accounts/index.js";

/** What the conversation knows so far; kept in ConversationState, read by the handoff for "facts so far". */
export interface Session {
  /** Failed identity checks in this conversation; never reset by cancel or start over. */
  verifyFailures: number;
  /** The disclosure was given in this run of the flow ("start over" does not repeat it). */
  disclosed: boolean;
  verified: VerifiedAccount | null;
  /** When identity was verified (ISO time), for the agreement record (POLICY.md §5a). */
  verifiedAt: string | null;
  /** Hardship facts the borrower has confirmed so far. */
  facts: Partial<Hardship>;
  /** Inputs in a row that the bot could not use (repair guard, POLICY.md §6). */
  unusableInARow: number;
  /** The trace of the last decision, for a handoff after offers were shown. */
  lastTrace: TraceEntry[];
  /** The handoff already acknowledged once while a person handles the conversation. */
  acknowledgedHandoffId: string | null;
  /**
   * Set by the desk when an agent hands the conversation back (src/bot/deskTurns.ts): on the
   * borrower's next message the flow resumes at the summary (facts confirmed) or the intake —
   * never mid-prompt, never the disclosure twice. The dialogs clear it once acted on.
   */
  resume?: "summary" | "intake" | null;
}

export function newSession(verifyFailures = 0): Session {
  return { verifyFailures, disclosed: false, verified: null, verifiedAt: null, facts: {}, unusableInARow: 0, lastTrace: [], acknowledgedHandoffId: null };
}
