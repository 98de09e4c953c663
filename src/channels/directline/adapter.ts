import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from "botbuilder";
import { XieshangError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Notifier, OnceAppend, ReferenceStore, TranscriptStore } from "../../store/types.js";
import { newActivityId, type ChannelAccount } from "./activity.js";

export type TurnLogic = (context: TurnContext) => Promise<void>;

/** The notifier topic that wakes whoever streams a conversation. */
export function topicFor(conversationId: string): string {
  return `dl:${conversationId}`;
}

export interface DirectLineAdapterOptions {
  transcripts: TranscriptStore;
  notifier: Notifier;
  references: ReferenceStore;
  logger: Logger;
  /** The bot's account on this channel (from.id of every bot activity). */
  botAccount: ChannelAccount;
}

/**
 * The Direct Line channel's BotAdapter. A bot activity is "sent" by appending it to the
 * conversation's transcript and publishing on `dl:<conversationId>`; whichever instance holds
 * the borrower's WebSocket (or the next poll) delivers it from the transcript.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly options: DirectLineAdapterOptions) {
    super();
    this.onTurnError = (context, error) => this.defaultOnTurnError(context, error);
  }

  /** Runs one turn for an inbound activity (already stamped and stored by the caller). */
  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  /**
   * Appends a complete activity to the transcript and wakes the stream; returns the watermark once
   * the activity is stored. Wake-ups are coalesced per conversation: while another append to the
   * same conversation is in flight (a turn's next reply, sent on the same connection, so stored
   * after this one), that append's completion wakes the readers for both; otherwise the wake-up
   * is published on the next setImmediate (once however many appends completed meanwhile). Either
   * way it goes out after the append it announces has completed, so a reader it wakes finds it.
   */
  async deliver(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    return this.appendAndWake(conversationId, async () => {
      const watermark = await this.options.transcripts.append(conversationId, activity);
      return { watermark, result: watermark };
    });
  }

  /**
   * As deliver, unless an activity was already delivered under `onceKey` in this conversation (a
   * client's retry of the same message): then nothing is appended and the first one is returned.
   */
  async deliverOnce(conversationId: string, onceKey: string, activity: Record<string, unknown>): Promise<OnceAppend> {
    return this.appendAndWake(conversationId, async () => {
      const result = await this.options.transcripts.appendOnce(conversationId, onceKey, activity);
      return { watermark: result.fresh ? result.id : undefined, result };
    });
  }

  private async appendAndWake<T>(conversationId: string, append: () => Promise<{ watermark: string | undefined; result: T }>): Promise<T> {
    this.appending.set(conversationId, (this.appending.get(conversationId) ?? 0) + 1);
    let watermark: string | undefined;
    try {
      const done = await append();
      watermark = done.watermark;
      return done.result;
    } finally {
      const left = (this.appending.get(conversationId) ?? 1) - 1;
      if (left > 0) this.appending.set(conversationId, left);
      else this.appending.delete(conversationId);
      if (watermark !== undefined) this.toWake.set(conversationId, watermark);
      if (left === 0 && this.toWake.has(conversationId)) this.scheduleWake();
    }
  }

  /** Appends in flight per conversation. */
  private readonly appending = new Map<string, number>();
  /** Conversations with stored activities whose readers are not woken yet (→ latest watermark). */
  private readonly toWake = new Map<string, string>();
  private wakeScheduled = false;

  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      for (const [id, latest] of this.toWake) {
        if (this.appending.has(id)) continue; // that append's completion wakes them
        this.toWake.delete(id);
        this.options.notifier.publish(topicFor(id), latest).catch((error: unknown) => {
          // Stored is what matters: pollers and the next reconnect still see it.
          this.options.logger.warn("directline.publish_failed", { conversationId: id, errorName: (error as Error)?.name });
        });
      }
    });
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === "delay") {
        const ms = typeof activity.value === "number" ? activity.value : 1000;
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: "" });
        continue;
      }
      if (activity.type === ActivityTypes.InvokeResponse) {
        // Direct Line has no synchronous invoke responses; nothing to send.
        responses.push({ id: "" });
        continue;
      }
      const stamped = this.stampOutbound(context, activity);
      await this.deliver(stamped.conversationId, stamped.activity);
      responses.push({ id: stamped.activity.id as string });
    }
    return responses;
  }

  /** Appends an updated copy with the same id; Web Chat replaces the activity it already shows. */
  async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    if (!activity.id) throw new XieshangError("bad_request", "DirectLineAdapter.updateActivity: activity.id is required");
    const stamped = this.stampOutbound(context, activity);
    await this.deliver(stamped.conversationId, stamped.activity);
    return { id: activity.id };
  }

  async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    throw new XieshangError(
      "bad_request",
      "DirectLineAdapter.deleteActivity: the Direct Line channel cannot delete a delivered activity (the transcript is append-only); send a correction instead",
    );
  }

  /** Proactive turn from a stored reference (agent replies, hand-back). The caller takes the turn lock if needed. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    if (!reference.conversation?.id) {
      throw new XieshangError("bad_request", "DirectLineAdapter.continueConversation: reference.conversation.id is required");
    }
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: "ContinueConversation" },
      reference,
      true,
    );
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  /** botbuilder's newer signature; the app id / claims identity and audience are not used here. */
  override async continueConversationAsync(
    _botAppIdOrClaimsIdentity: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === "function" ? logicOrAudience : maybeLogic;
    if (!logic) throw new XieshangError("bad_request", "DirectLineAdapter.continueConversationAsync: logic is required");
    await this.continueConversation(reference, logic);
  }

  /** Proactive turn by conversation id, from the reference stored when the conversation started. */
  async continueConversationById(conversationId: string, logic: TurnLogic): Promise<void> {
    const reference = await this.options.references.get(conversationId);
    if (!reference) throw new XieshangError("not_found", "no Direct Line conversation with that id");
    await this.continueConversation(reference as Partial<ConversationReference>, logic);
  }

  private stampOutbound(
    context: TurnContext,
    activity: Partial<Activity>,
  ): { conversationId: string; activity: Record<string, unknown> } {
    const inbound = context.activity;
    const conversation = activity.conversation ?? inbound.conversation;
    const conversationId = conversation?.id;
    if (!conversationId) throw new XieshangError("bad_request", "DirectLineAdapter: activity has no conversation id");
    const full: Record<string, unknown> = {
      ...activity,
      type: activity.type ?? ActivityTypes.Message,
      id: activity.id ?? newActivityId(conversationId),
      timestamp: new Date().toISOString(),
      channelId: "directline",
      conversation: { id: conversationId },
      from: activity.from ?? { ...this.options.botAccount, role: "bot" },
      recipient: activity.recipient ?? inbound.from,
      serviceUrl: activity.serviceUrl ?? inbound.serviceUrl,
    };
    // Not copied again: the transcript stores JSON.stringify of it (undefined dropped), which is
    // exactly what clients receive; nothing keeps or changes this object after it is appended.
    return { conversationId, activity: full };
  }

  private async defaultOnTurnError(context: TurnContext, error: Error): Promise<void> {
    this.options.logger.error("directline.turn_error", {
      conversationId: context.activity?.conversation?.id,
      activityType: context.activity?.type,
      errorName: error?.name ?? typeof error,
    });
    // The store is down: nothing can be sent, and the request must fail with 503 so the client retries.
    if (error instanceof XieshangError && error.code === "unavailable") throw error;
    try {
      await context.sendActivity({
        type: ActivityTypes.Trace,
        name: "OnTurnError",
        label: "TurnError",
        valueType: "https://www.botframework.com/schemas/error",
        value: "turn failed",
      });
    } catch {
      // Nothing more to do: the failure is logged and the request still answers.
    }
  }
}
