import type { Activity, TurnContext } from "botbuilder";
import type { TranscriptStore } from "../store/types.js";

/**
 * turnState key set by the Direct Line channel for a keyed message: the watermark of its echo.
 * Any attempt may be the one that runs the turn (a retry can overtake the first attempt on the
 * lock, and the first attempt may have died after sending part of its replies), so every keyed
 * turn looks at what is stored after its echo before sending.
 */
export const ECHO_WATERMARK = Symbol.for("xieshang.echoWatermark");

/**
 * Direct Line only (its adapter keeps the ids it is given): the n-th activity a message's turn
 * sends gets the id "<message id>.<n>", the same whichever instance runs it, and replies already
 * in the transcript after the message's echo (stored by an attempt that died before committing)
 * are not sent again: a turn re-run after a crash completes the first attempt's replies instead
 * of repeating them. Resolves to the installer (the read can run alongside the state load).
 */
export async function prepareStableReplies(
  context: TurnContext,
  transcripts: TranscriptStore,
  conversationId: string,
): Promise<((context: TurnContext) => void) | undefined> {
  const inboundId = context.activity.id;
  if (context.activity.channelId !== "directline" || typeof inboundId !== "string" || inboundId === "") return undefined;
  const echoAt = context.turnState.get(ECHO_WATERMARK) as string | undefined;
  const stored = new Set<string>();
  if (echoAt !== undefined) {
    for (const entry of await transcripts.read(conversationId, echoAt)) {
      if (entry.activity.replyToId === inboundId && typeof entry.activity.id === "string") stored.add(entry.activity.id);
    }
  }
  return (turn) => {
    let n = 0;
    turn.onSendActivities(async (_context, activities: Partial<Activity>[], next) => {
      for (const activity of activities) activity.id = `${inboundId}.${n++}`;
      if (stored.size > 0) {
        for (let i = activities.length - 1; i >= 0; i--) if (stored.has(String(activities[i]!.id))) activities.splice(i, 1);
      }
      return next();
    });
  };
}
