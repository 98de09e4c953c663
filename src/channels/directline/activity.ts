import { randomBytes } from "node:crypto";
import { z } from "zod";

/** Limits on what a client may post. */
export interface ActivityLimits {
  /** Longest `text`, in characters. */
  maxTextLength: number;
  /** JSON body limit for express.json, e.g. "256kb". */
  bodyLimit: string;
}
export const DEFAULT_LIMITS: ActivityLimits = { maxTextLength: 4000, bodyLimit: "64kb" };

const account = z.looseObject({
  id: z.string().min(1).max(256).optional(),
  name: z.string().max(256).optional(),
});

/**
 * The activity types a Direct Line client sends (Web Chat: messages, typing, events such as
 * webchat/join). A conversationUpdate is the server's to make (when the conversation starts), and
 * an invoke or any other type has no handler here: both are refused with 400.
 */
export const CLIENT_ACTIVITY_TYPES = ["message", "typing", "event"] as const;

/** What a client may POST to …/activities: a JSON object with a `type`; the rest passes through. */
export function clientActivitySchema(limits: ActivityLimits) {
  return z.looseObject({
    type: z.enum(CLIENT_ACTIVITY_TYPES, { message: `must be one of ${CLIENT_ACTIVITY_TYPES.join(", ")}` }),
    text: z.string().max(limits.maxTextLength, `must be at most ${limits.maxTextLength} characters`).optional(),
    from: account.optional(),
    locale: z.string().max(35).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
  });
}
export type ClientActivity = z.infer<ReturnType<typeof clientActivitySchema>>;

/** Body of POST /conversations (DirectLineJS sends `{ user: { id? }, locale? }`) and of tokens/generate. */
export const startBodySchema = z
  .looseObject({
    user: z.looseObject({ id: z.string().min(1).max(256).optional(), name: z.string().max(256).optional() }).optional(),
    locale: z.string().max(35).optional(),
  })
  .optional();

export interface ChannelAccount {
  id: string;
  name?: string;
  role?: string;
}

/** Random per process: with the counter after it, ids are unique across instances without coordination. */
const ID_PREFIX = randomBytes(8).toString("hex");
let idCounter = 0;

/** `<conversationId>|<process random><counter>`: unique across instances, no randomness per activity. */
export function newActivityId(conversationId: string): string {
  return `${conversationId}|${ID_PREFIX}${(idCounter++).toString(36)}`;
}

/** Activities stored in the transcript but not delivered to Direct Line clients. */
const HIDDEN_TYPES = new Set(["conversationUpdate"]);
export function isDeliverable(activity: Record<string, unknown>): boolean {
  return !HIDDEN_TYPES.has(String(activity.type));
}
export function isDeliverableType(type: string): boolean {
  return !HIDDEN_TYPES.has(type);
}

/** "-", "" and undefined all mean "from the start". */
export function normaliseWatermark(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const w = raw.trim();
  return w === "" || w === "-" ? undefined : w;
}
