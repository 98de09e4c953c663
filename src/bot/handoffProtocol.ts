import { EventFactory, HandoffEventNames, type Activity, type TurnContext } from "botbuilder";
import { z } from "zod";
import type { Config } from "../config.js";
import type { HandoffRequest } from "../domain/agreement.js";
import { t } from "../i18n/catalog.js";
import type { HandoffService } from "../handoff/service.js";
import type { TranscriptStore } from "../store/types.js";

/** The value of a `handoff.status` event (Bot Framework handoff protocol). */
const HandoffStatusValue = z.looseObject({ state: z.enum(["accepted", "failed", "completed"]), message: z.string().max(2000).optional() });

export interface HandoffProtocolDeps {
  config: Pick<Config, "HANDOFF_HUB" | "BANK_CONTACT_ZH" | "BANK_CONTACT_EN">;
  transcripts: TranscriptStore;
  service: HandoffService;
  /** Close: the conversation starts afresh afterwards. */
  reset(context: TurnContext): Promise<void>;
}

/**
 * The Bot Framework handoff protocol, for a bank that puts an external contact-centre hub in place
 * of this console (HANDOFF_HUB=external): on escalation the bot sends `handoff.initiate`
 * (EventFactory.createHandoffInitiation, with the handoff's context and the transcript attached);
 * the hub answers with `handoff.status` events — `accepted` (a person has it), `failed` (the hub
 * could not take it: the borrower is told honestly and how to reach the bank) and `completed`
 * (closed; a later message starts afresh). Status events are accepted only from a Bot Framework
 * channel (a Direct Line client is a borrower, who must not close their own handoff).
 */
export class HandoffProtocol {
  constructor(private readonly deps: HandoffProtocolDeps) {}

  get external(): boolean {
    return this.deps.config.HANDOFF_HUB === "external";
  }

  async initiate(context: TurnContext, request: HandoffRequest): Promise<void> {
    if (!this.external) return;
    const entries = await this.deps.transcripts.read(request.conversationId);
    const activities = entries.map((e) => e.activity as Partial<Activity> as Activity);
    const event = EventFactory.createHandoffInitiation(
      context,
      { handoffId: request.id, queue: request.queue, priority: request.priority, reason: request.reason, locale: request.locale, skill: request.queue },
      { activities },
    );
    await context.sendActivity(event);
  }

  /** True when the activity was a handoff.status event this bot acted on. */
  async status(context: TurnContext, active: HandoffRequest | null): Promise<boolean> {
    const a = context.activity;
    if (a.type !== "event" || a.name !== HandoffEventNames.HandoffStatus) return false;
    if (!this.external || a.channelId === "directline" || !active) return false;
    const parsed = HandoffStatusValue.safeParse(a.value);
    if (!parsed.success) return false;
    const { service } = this.deps;
    const locale = active.locale;
    const hub = { kind: "system" as const, id: "external-hub" };
    switch (parsed.data.state) {
      case "accepted":
        if (active.status === "waiting") await service.claim(active.id, { id: "external-hub", displayName: "Contact centre" }, hub);
        await context.sendActivity(t(locale, "handoff.joined"));
        return true;
      case "failed":
        await service.close(active.id, "other", hub);
        await context.sendActivity(t(locale, "handoff.hubFailed", { contact: locale === "zh-CN" ? this.deps.config.BANK_CONTACT_ZH : this.deps.config.BANK_CONTACT_EN }));
        await this.deps.reset(context);
        return true;
      case "completed":
        await service.close(active.id, "other", hub);
        await context.sendActivity(t(locale, "handoff.closed", { outcome: t(locale, "handoff.outcome.other") }));
        await this.deps.reset(context);
        return true;
    }
  }
}
