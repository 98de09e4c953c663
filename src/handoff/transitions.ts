import type { HandoffStatus } from "../domain/agreement.js";

/** What can be done to a handoff. `raise` (to urgent), `note` and `touch` never change the status. */
export type HandoffAction = "claim" | "transfer" | "return" | "close" | "raise" | "touch";

/**
 * The allowed status transitions, and nothing else (as botpress's HITL validates status changes):
 *
 *   waiting ──claim──► claimed ──return──► returned   (the bot resumes; final)
 *      ▲  │               │  └───close───► closed     (final)
 *      │  └──close────────┼──────────────► closed
 *      └──transfer────────┘   (transfer = waiting again, on another queue, unclaimed)
 *
 * `raise` and `touch` keep the status and are allowed while the handoff is open.
 */
export const TRANSITIONS: Readonly<Record<HandoffStatus, Readonly<Partial<Record<HandoffAction, HandoffStatus>>>>> = {
  waiting: { claim: "claimed", transfer: "waiting", close: "closed", raise: "waiting", touch: "waiting" },
  claimed: { transfer: "waiting", return: "returned", close: "closed", raise: "claimed", touch: "claimed" },
  returned: {},
  closed: {},
};

/** The status after `action`, or null when the table does not allow it. */
export function nextStatus(from: HandoffStatus, action: HandoffAction): HandoffStatus | null {
  return TRANSITIONS[from][action] ?? null;
}
