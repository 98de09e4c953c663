import { HttpError } from "../http/errorHandler.js";

/**
 * A refusal the desk shows as it is (409): the wire code says which (`AlreadyClaimed`,
 * `InvalidTransition`, `NotYours`, `QuietHours`, `NoDecision`, …) and `details` carry what the
 * console needs (who holds it, until when).
 */
export class HandoffConflict extends HttpError {
  constructor(
    wireCode: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super("conflict", message, { status: 409, wireCode });
    this.name = "HandoffConflict";
  }
}
