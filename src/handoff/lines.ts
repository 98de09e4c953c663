import { z } from "zod";

/**
 * One typed stored activity, as the transcript keeps it and as the desk reads it (a zod union
 * over the activity types the product writes: message, event, typing, conversationUpdate; other
 * types pass as `other`). Direct Line stores and serves the JSON as it is; readers that need
 * fields parse it with `StoredActivity` instead of casting.
 */
const Account = z.looseObject({ id: z.string().optional(), name: z.string().optional(), role: z.string().optional() });
const Card = z.looseObject({
  contentType: z.string().optional(),
  content: z
    .looseObject({
      title: z.string().optional(),
      subtitle: z.string().optional(),
      text: z.string().optional(),
      buttons: z.array(z.looseObject({ title: z.string().optional(), value: z.unknown().optional() })).optional(),
    })
    .optional(),
});
const common = {
  id: z.string().optional(),
  timestamp: z.string().optional(),
  from: Account.optional(),
  channelId: z.string().optional(),
  locale: z.string().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
};
export const StoredMessage = z.looseObject({
  type: z.literal("message"),
  ...common,
  text: z.string().optional(),
  value: z.unknown().optional(),
  attachments: z.array(Card).optional(),
  suggestedActions: z.looseObject({ actions: z.array(z.looseObject({ title: z.string().optional(), value: z.unknown().optional() })) }).optional(),
});
export const StoredEvent = z.looseObject({ type: z.literal("event"), ...common, name: z.string().optional(), value: z.unknown().optional() });
export const StoredTyping = z.looseObject({ type: z.literal("typing"), ...common });
export const StoredConversationUpdate = z.looseObject({ type: z.literal("conversationUpdate"), ...common });
export const StoredActivity = z.discriminatedUnion("type", [StoredMessage, StoredEvent, StoredTyping, StoredConversationUpdate]);
export type StoredActivity = z.infer<typeof StoredActivity>;

/** One line of a conversation as the agent desk shows it (plain text; the console renders it as text). */
export const TranscriptLine = z.strictObject({
  id: z.string(),
  from: z.enum(["borrower", "bot", "agent", "system"]),
  text: z.string(),
  at: z.string(),
  agentId: z.string().optional(),
  cards: z.array(z.strictObject({ title: z.string(), text: z.string().optional(), buttons: z.array(z.string()).optional() })).optional(),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

/** `channelData.xieshang` on activities the desk sends: who sent it. */
export const DeskChannelData = z.looseObject({ xieshang: z.looseObject({ agentId: z.string().optional(), system: z.boolean().optional() }).optional() });

/** The desk's line for one stored activity, or null for what agents do not need (typing, updates, unknown shapes). */
export function lineOf(entryId: string, raw: unknown): TranscriptLine | null {
  const parsed = StoredMessage.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  const meta = DeskChannelData.safeParse(a.channelData ?? {});
  const agentId = meta.success ? meta.data.xieshang?.agentId : undefined;
  const system = meta.success ? meta.data.xieshang?.system === true : false;
  const role = a.from?.role;
  const from: TranscriptLine["from"] = agentId ? "agent" : system ? "system" : role === "bot" ? "bot" : role === "agent" ? "agent" : "borrower";
  const cards = (a.attachments ?? [])
    .map((c) => c.content)
    .filter((c): c is NonNullable<typeof c> => c !== undefined && typeof c.title === "string")
    .map((c) => ({
      title: c.title ?? "",
      ...(c.text ? { text: c.text } : {}),
      ...(c.buttons?.length ? { buttons: c.buttons.map((b) => b.title ?? "").filter((t) => t !== "") } : {}),
    }));
  const buttonText = a.text === undefined && a.value !== undefined ? JSON.stringify(a.value) : "";
  return {
    id: a.id ?? `tx:${entryId}`,
    from,
    text: a.text ?? buttonText,
    at: a.timestamp ?? "",
    ...(agentId ? { agentId } : {}),
    ...(cards.length > 0 ? { cards } : {}),
  };
}
