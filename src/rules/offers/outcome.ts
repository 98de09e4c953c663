/** What an offer rule returns: the offer when eligible (else null), and why in short English for the trace. */
export interface OfferOutcome<T> {
  readonly offer: T | null;
  readonly detail: string;
}
