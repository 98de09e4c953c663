import { randomUUID } from "node:crypto";
import type { Activity, StatePropertyAccessor, TurnContext } from "botbuilder";
import type { Config } from "../config.js";
import type { HandoffRequest } from "../domain/agreement.js";
import type { Locale } from "../domain/classification.js";
import { localeOf, t } from "../i18n/catalog.js";
import { deskAvailability } from "../handoff/availability.js";
import { agentTopic } from "../handoff/events.js";
import { isWithin, windowStart } from "../handoff/hours.js";
import { lineOf } from "../handoff/lines.js";
import type { HandoffService } from "../handoff/service.js";
import { asksForCallback, signalsSelfHarm } from "../handoff/signals.js";
import { compareHandoffs } from "../store/shared.js";
import type { Stores } from "../store/types.js";
import type { Classifier } from "../understanding/classifier.js";

export interface HandoffGateDeps {
  service: HandoffService;
  stores: Pick<Stores, "handoffs" | "desk" | "notifier">;
  classifier: Classifier;
  config: Config;
  now: () => Date;
  /** Conversation state: which status the borrower was last told in full ("<handoffId>:<status>"). */
  told: StatePropertyAccessor<string>;
  /** A reply to an agent's offer card (consent handler); true when it handled the message. */
  consent?: (context: TurnContext, active: HandoffRequest) => Promise<boolean>;
}

interface Status {
  key: string;
  full: string;
  ack: string;
}

/**
 * The borrower's side of a conversation that waits for or is with a person (POLICY.md §6 "never
 * silent"): every message is relayed to the desk, and answered honestly — the status once in
 * full (position in the queue, a person reading, outside AGENT_HOURS when they are back and that
 * a callback can be asked for, or that nobody is connected and how to reach the bank), then a
 * short acknowledgement. A sign of self-harm gets the crisis contacts again at once and raises the
 * handoff to urgent. The bot never negotiates here.
 */
export class HandoffGate {
  constructor(private readonly deps: HandoffGateDeps) {}

  async handle(context: TurnContext, active: HandoffRequest): Promise<void> {
    if (context.activity.type !== "message") return;
    const { service, stores } = this.deps;
    const locale = context.activity.locale ? localeOf(context.activity.locale) : active.locale;
    const text = context.activity.text ?? "";
    // When the borrower last wrote decides quiet hours (30 min by default): a minute's precision is plenty.
    const last = active.lastBorrowerMessageAt ? Date.parse(active.lastBorrowerMessageAt) : 0;
    let current = this.deps.now().getTime() - last > 60_000 ? await service.borrowerWrote(active.id).catch(() => active) : active;

    // Relay first: the agent's stream gets the borrower's line (any instance, through the notifier).
    const stored = JSON.parse(JSON.stringify(context.activity)) as Record<string, unknown>;
    stored["timestamp"] ??= this.deps.now().toISOString();
    const line = lineOf(String(context.activity.id ?? ""), stored);
    if (line) await service.events.line(current, { ...line, from: "borrower" });
    await stores.notifier.publish(agentTopic(current.conversationId), JSON.stringify({ type: "borrower_message", handoffId: current.id }));

    if (await signalsSelfHarm(this.deps.classifier, text, locale)) {
      // The crisis contacts first, then what is true right now: whether anyone is here yet and how
      // else to reach the bank (a person in crisis is never left to think someone is typing).
      const status = await this.statusOf(current, locale);
      await this.deps.told.set(context, `${current.id}:${status.key}`);
      await this.say(context, current, [t(locale, "handoff.crisis", { support: this.support(locale) }), t(locale, "handoff.urgent"), status.full].join("\n\n"));
      await service.raiseUrgent(current.id, "self_harm_signal").catch(() => undefined);
      return;
    }

    if (this.deps.consent && current.pendingOffer && (await this.deps.consent(context, current))) return;

    if (current.status === "waiting" && asksForCallback(text)) {
      current = await service.requestCallback(current.id).catch(() => current);
      const backAt = this.backAt();
      await this.say(context, current, t(locale, "handoff.callback.noted", { backAt }));
      return;
    }

    const status = await this.statusOf(current, locale);
    const key = `${current.id}:${status.key}`;
    const told = await this.deps.told.get(context, "");
    let reply = status.ack;
    if (told !== key) {
      await this.deps.told.set(context, key);
      reply = status.full;
    }
    if (current.reason === "self_harm_risk" || current.urgentReason === "self_harm_signal") {
      reply = `${reply}\n\n${t(locale, "handoff.crisisReminder", { support: this.support(locale) })}`;
    }
    await this.say(context, current, reply);
  }

  /** Sends one message and shows it on the desk as the bot's line. */
  async say(context: TurnContext, handoff: HandoffRequest, text: string): Promise<void> {
    const activity: Partial<Activity> = { type: "message", id: `xs-${randomUUID()}`, text };
    await context.sendActivity(activity);
    const line = lineOf(activity.id!, { ...activity, from: { role: "bot" }, timestamp: this.deps.now().toISOString() });
    if (line) await this.deps.service.events.line(handoff, line);
  }

  private support(locale: Locale): string {
    return locale === "zh-CN" ? this.deps.config.CRISIS_SUPPORT_ZH : this.deps.config.CRISIS_SUPPORT_EN;
  }

  private contact(locale: Locale): string {
    return locale === "zh-CN" ? this.deps.config.BANK_CONTACT_ZH : this.deps.config.BANK_CONTACT_EN;
  }

  private backAt(): string {
    return windowStart({ window: this.deps.config.AGENT_HOURS, timeZone: this.deps.config.BORROWER_TIME_ZONE });
  }

  private async statusOf(r: HandoffRequest, locale: Locale): Promise<Status> {
    const { config } = this.deps;
    if (config.HANDOFF_HUB === "external") {
      const external = t(locale, "handoff.status.external");
      return r.status === "claimed"
        ? { key: `claimed`, full: t(locale, "handoff.status.claimed"), ack: t(locale, "handoff.ack.claimed") }
        : { key: "external", full: external, ack: t(locale, "handoff.passedOn") };
    }
    if (r.status === "claimed") {
      return { key: `claimed:${r.claimedBy?.id ?? ""}`, full: t(locale, "handoff.status.claimed"), ack: t(locale, "handoff.ack.claimed") };
    }
    const position = await this.position(r);
    const now = this.deps.now();
    const hours = { window: config.AGENT_HOURS, timeZone: config.BORROWER_TIME_ZONE };
    if (!isWithin(now, hours)) {
      const backAt = this.backAt();
      return {
        key: "afterHours",
        full: t(locale, "handoff.status.afterHours", { hours: config.AGENT_HOURS.replace("-", "–"), backAt, position }),
        ack: t(locale, "handoff.ack.waiting", { position }),
      };
    }
    const desk = deskAvailability(config);
    const present = desk.on ? await this.deps.stores.desk.countPresent(now.getTime()) : 0;
    if (present === 0) {
      const contact = this.contact(locale);
      return { key: "nobody", full: t(locale, "handoff.status.nobody", { position, contact }), ack: t(locale, "handoff.ack.nobody", { contact }) };
    }
    return { key: "waiting", full: t(locale, "handoff.status.waiting", { position }), ack: t(locale, "handoff.ack.waiting", { position }) };
  }

  /** 1 + the waiting handoffs of the same queue that come before this one (urgent first, then oldest). */
  private async position(r: HandoffRequest): Promise<number> {
    const open = await this.deps.stores.handoffs.listOpen();
    return 1 + open.filter((o) => o.id !== r.id && o.status === "waiting" && o.queue === r.queue && compareHandoffs(o, r) < 0).length;
  }
}
