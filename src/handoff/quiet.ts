import type { Config } from "../config.js";
import type { HandoffRequest } from "../domain/agreement.js";
import { windowEnd } from "./hours.js";
import { isQuietTime } from "./quietHours.js";

export interface QuietState {
  /** Inside the quiet-hours window now. */
  now: boolean;
  /** When the window ends (null outside it). */
  until: string | null;
  /** The borrower wrote within BORROWER_ACTIVE_MINUTES: a reply is not proactive. */
  borrowerActive: boolean;
  /** An agent-initiated message would be refused now. */
  blocked: boolean;
}

/** POLICY.md §6 quiet hours for an agent's message to this borrower at `at`. */
export function quietState(at: Date, handoff: Pick<HandoffRequest, "lastBorrowerMessageAt">, config: Pick<Config, "QUIET_HOURS" | "BORROWER_TIME_ZONE" | "BORROWER_ACTIVE_MINUTES">): QuietState {
  const window = { window: config.QUIET_HOURS, timeZone: config.BORROWER_TIME_ZONE };
  const quiet = isQuietTime(at, window);
  const last = handoff.lastBorrowerMessageAt ? Date.parse(handoff.lastBorrowerMessageAt) : NaN;
  const borrowerActive = Number.isFinite(last) && at.getTime() - last <= config.BORROWER_ACTIVE_MINUTES * 60_000;
  const end = windowEnd(at, window);
  return { now: quiet, until: end ? end.toISOString() : null, borrowerActive, blocked: quiet && !borrowerActive };
}
