import type { Activity, TurnContext } from "botbuilder";
import type { TranscriptStore } from "../store/types.js";

/**
 * turnState key set by the Direct Line channel when a message was already delivered once (a
 * client's retry): the watermark of its echo. A turn that runs anyway (the first attempt died
 * before committing) must not store again the replies the first attempt stored.
 */
export const REDELIVERED_AFTER = Symbol.for("xieshang.redeliveredAfter");

/**
 * Direct Line only (its adapter keeps the ids it is given): the n-th activity a message's turn
 * sends gets the id "<message id>.<n>", the same whichever instance runs it. When the message is
 * a redelivery, the replies already in the transcript after its echo are not sent again, so a
 * turn re-run after a crash completes the first attempt's replies instead of repeating them.
 */
export async function stableReplies(context: TurnContext, transcripts: TranscriptStore, conversationId: string): Promise<void> {
  const inboundId = context.activity.id;
  if (context.activity.channelId !== "directline" || typeof inboundId !== "string" || inboundId === "") return;
  const after = context.turnState.get(REDELIVERED_AFTER) as string | undefined;
  const stored = new Set<string>();
  if (after !== undefined) {
    for (const entry of await transcripts.read(conversationId, after)) {
      if (entry.activity.replyToId === inboundId && typeof entry.activity.id === "string") stored.add(entry.activity.id);
    }
  }
  let n = 0;
  context.onSendActivities(async (_context, activities: Partial<Activity>[], next) => {
    for (const activity of activities) activity.id = `${inboundId}.${n++}`;
    if (stored.size > 0) {
      for (let i = activities.length - 1; i >= 0; i--) if (stored.has(String(activities[i]!.id))) activities.splice(i, 1);
    }
    return next();
  });
}
