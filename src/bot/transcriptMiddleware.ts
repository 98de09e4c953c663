import type { Activity, Middleware, TurnContext } from "botbuilder";
import type { TranscriptStore, VerificationMarkers } from "../store/types.js";
import { redactVerificationAnswer } from "../privacy/verificationAnswer.js";
import { messageKey } from "./messageKey.js";

/** A JSON copy of an activity with its direction in `from.role` and a timestamp. */
function record(activity: Partial<Activity>, role: "user" | "bot"): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(activity)) as Record<string, unknown> & { from?: Record<string, unknown>; timestamp?: string };
  copy.from = { ...(copy.from ?? {}), role: (copy.from?.["role"] as string | undefined) ?? role };
  copy.timestamp ??= new Date().toISOString();
  return copy;
}

/**
 * Appends every inbound activity and every outgoing one (before it is sent) to the conversation's
 * transcript. Used by the console adapter, CloudAdapter and tests; the Direct Line adapter appends
 * itself. An inbound activity is appended once however often the channel redelivers it (keyed by
 * messageKey), and a message typed at a verification question is stored with the placeholder
 * instead of the answer (POLICY.md §8; the turn itself sees what was typed). Never logs anything.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly markers?: VerificationMarkers,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (conversationId) {
      // A proactive turn (the desk's ContinueConversation event) is not something the borrower sent.
      const proactive = context.activity.type === "event" && context.activity.name === "ContinueConversation";
      if (!proactive) {
        const stage = this.markers && context.activity.type === "message" ? await this.markers.get(conversationId) : null;
        const inbound = redactVerificationAnswer(record(context.activity, "user"), stage);
        const key = messageKey(context.activity);
        if (key) await this.transcripts.appendOnce(conversationId, key, inbound);
        else await this.transcripts.append(conversationId, inbound);
      }
      context.onSendActivities(async (ctx, activities, nextSend) => {
        for (const activity of activities) {
          if (activity.type === "trace") continue;
          await this.transcripts.append(activity.conversation?.id ?? conversationId, record(activity, "bot"));
        }
        return nextSend();
      });
    }
    await next();
  }
}
