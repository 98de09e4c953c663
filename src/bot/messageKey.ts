/** Longest clientActivityID taken as an idempotency key (Web Chat's are ~20 characters). */
const MAX_CLIENT_ID = 200;

/**
 * The idempotency key of an inbound activity within its conversation: the client's own id
 * (`channelData.clientActivityID`, which a retry repeats) or, on channels whose activity ids come
 * from the channel and are repeated on redelivery (Bot Framework), the activity id. Direct Line
 * ids are minted per POST, so without a clientActivityID a Direct Line message has no key.
 */
export function messageKey(activity: { id?: unknown; channelId?: unknown; channelData?: unknown }): string | undefined {
  const clientId = (activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  if (typeof clientId === "string" && clientId.length > 0 && clientId.length <= MAX_CLIENT_ID) return `c:${clientId}`;
  if (activity.channelId !== "directline" && typeof activity.id === "string" && activity.id.length > 0) return `a:${activity.id}`;
  return undefined;
}

/** The id that proves which message consented (POLICY.md §5a): the channel's activity id, or the client's own id. */
export function consentActivityId(activity: { id?: unknown; channelData?: unknown }): string {
  if (typeof activity.id === "string" && activity.id.length > 0) return activity.id;
  const clientId = (activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return typeof clientId === "string" ? clientId : "";
}
