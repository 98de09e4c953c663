import type { HandoffOutcome, HandoffRequest, PendingAgentOffer } from "../domain/agreement.js";
import type { Agent } from "./agents.js";
import type { TranscriptLine } from "./lines.js";

/** Messages the desk sends to the borrower that the agent did not type. */
export type Notice =
  | { kind: "joined" }
  | { kind: "returned" }
  | { kind: "closed"; outcome: HandoffOutcome }
  | { kind: "approval"; decision: "approved" | "rejected"; agreementId: string };

/**
 * The desk's way to the borrower, whatever the channel (implemented in src/bot/deskTurns.ts: a
 * proactive turn through the stored conversation reference and the adapter that owns its
 * channel — Direct Line appends to the transcript and wakes the widget; Bot Framework channels
 * get it through the connector). Each call runs under the conversation's turn lock.
 */
export interface BorrowerPort {
  agentMessage(handoff: HandoffRequest, agent: Agent, text: string): Promise<TranscriptLine>;
  /**
   * The offer card with the full terms and the agree button; refuses (409 NotVerified) an
   * unverified borrower. The terms text is made from the borrower's verified account inside the
   * turn, and `record` stores the pending offer (with that text) before the card goes out, under
   * the same lock, so the borrower's reply always finds it.
   */
  offer(handoff: HandoffRequest, draft: Omit<PendingAgentOffer, "textShown">, record: (pending: PendingAgentOffer) => Promise<void>): Promise<TranscriptLine>;
  /**
   * Applies the notice to the conversation now (hand-back sets the resume flag, close resets the
   * conversation) and sends its text when `send`; otherwise returns the text for the outbox
   * (quiet hours).
   */
  notice(conversationId: string, locale: HandoffRequest["locale"], notice: Notice, send: boolean): Promise<{ line: TranscriptLine | null; text: string }>;
  /** A held-back system message, delivered when quiet hours end. */
  systemMessage(conversationId: string, text: string): Promise<TranscriptLine>;
}
