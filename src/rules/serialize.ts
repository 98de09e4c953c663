import { Decision } from "../domain/decision.js";

/**
 * The canonical bytes of a decision: re-read through the Decision schema (which fixes key order
 * and rejects anything extra), two-space indented, with a final newline. decide() already builds
 * its objects in this order; this makes the form independent of how a decision was assembled.
 */
export function serializeDecision(decision: Decision): string {
  return `${JSON.stringify(Decision.parse(decision), null, 2)}\n`;
}
