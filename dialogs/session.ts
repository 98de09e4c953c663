import type { Flags, Hardship } from "../src/domain/case.js";
import type { TraceEntry } from "../src/domain/decision.js";
import type { VerifiedAccount } from "../src/accounts/index.js";
import type { SignalKind } from "../src/understanding/signals.js";
import type { Intent } from "../src/domain/classification.js";

/**
 * A question the bot asked about the borrower's last message, before using it as an answer:
 * confirm a signal the classifier was unsure of, the direct self-harm question, or consent to note
 * health information (POLICY.md §6). `deferred` is that message, used as the answer once the
 * question is settled (it expires with the state, POLICY.md §8).
 */
export type Pending =
  | { kind: "signal"; signal: SignalKind; deferred: string | null }
  | { kind: "self_harm"; deferred: string | null }
  | { kind: "health"; health: Array<"serious_illness" | "mental_health">; deferred: string | null }
  | { kind: "clarify"; intents: Intent[]; deferred: string | null };

/** One question as it was asked (JSON: kept in the conversation state). */
export interface PromptRecord {
  id: string;
  choices: Array<{ value: string; synonyms?: string[] }>;
  validations: Record<string, unknown>;
  /** What the repair guard shows again: the retry text, else the question, else nothing. */
  again: string;
}

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
  /** The §3 flags the conversation has set from the borrower's words (the handoff's trace reads them). */
  flags: Partial<Flags>;
  /** Inputs in a row that the bot could not use (repair guard, POLICY.md §6). */
  unusableInARow: number;
  /** The trace of the last decision, for a handoff after offers were shown. */
  lastTrace: TraceEntry[];
  /** A question about the last message, waiting for its answer. */
  pending: Pending | null;
  /** The health question was asked in this conversation (it is asked once). */
  healthAsked: boolean;
  /** Vulnerability categories the borrower agreed may be noted on the case (never free text). */
  vulnerabilityNote: string | null;
  /** The hardship field the step is asking for now (a correction of another field is not its answer). */
  asking: string | null;
  /** The facts were read back at least once: a correction shows the summary again. */
  reviewing: boolean;
  /**
   * The question now waiting for an answer, as we asked it (so the interruption check reads our own
   * record, not a prompt's internal state): its prompt id, buttons, reader and the re-ask text.
   */
  prompt: PromptRecord | null;
  /** The token of the cards now current: a button from an earlier card carries another one. */
  cardToken: string | null;
  /** The reference of the agreement made in this conversation (a "thank you" after it is answered). */
  agreementId: string | null;
  /**
   * Set by the desk when an agent hands the conversation back (src/bot/deskTurns.ts): on the
   * borrower's next message the flow resumes at the summary (facts confirmed) or the intake —
   * never mid-prompt, never the disclosure twice. The dialogs clear it once acted on.
   */
  resume?: "summary" | "intake" | null;
}

/** A new run of the flow; what must survive it (failed checks, an agreement made) is carried over. */
export function newSession(verifyFailures = 0, agreementId: string | null = null): Session {
  return {
    verifyFailures,
    disclosed: false,
    verified: null,
    verifiedAt: null,
    facts: {},
    flags: {},
    unusableInARow: 0,
    lastTrace: [],
    pending: null,
    healthAsked: false,
    vulnerabilityNote: null,
    asking: null,
    reviewing: false,
    prompt: null,
    cardToken: null,
    agreementId,
  };
}
