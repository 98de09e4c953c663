import { randomUUID } from "node:crypto";
import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { Config } from "../config.js";
import { HandoffRequest } from "../domain/agreement.js";
import type { Escalation, TraceEntry } from "../domain/decision.js";
import { localeOf, t } from "../i18n/catalog.js";
import type { Stores, TranscriptEntry } from "../store/types.js";
import { newSession, type Session } from "../../dialogs/session.js";

/** The notifier topic an agent console listens on for one conversation. */
export function agentTopic(conversationId: string): string {
  return `agent:${conversationId}`;
}

/** Reasons after which the borrower is also told where to get free debt advice (POLICY.md §3). */
const DEBT_ADVICE_REASONS: ReadonlySet<Escalation["reason"]> = new Set(["over_indebtedness", "no_affordable_option"]);

type TranscriptLine = HandoffRequest["transcript"][number];

/** One transcript entry as a line for the agent: who said it, the text (cards by title), when. */
export function transcriptLine(entry: TranscriptEntry): TranscriptLine | null {
  const a = entry.activity as {
    type?: string;
    text?: string;
    timestamp?: string;
    from?: { role?: string };
    attachments?: Array<{ content?: { title?: string } }>;
  };
  if (a.type !== "message") return null;
  const cards = (a.attachments ?? []).map((x) => x.content?.title).filter((x): x is string => typeof x === "string");
  const text = [a.text ?? "", ...cards.map((title) => `[${title}]`)].filter((s) => s.length > 0).join("\n");
  const role = a.from?.role;
  const from: TranscriptLine["from"] = role === "bot" ? "bot" : role === "agent" ? "agent" : "borrower";
  return { from, text, at: typeof a.timestamp === "string" ? a.timestamp : "" };
}

export interface HandoffDeps {
  stores: Stores;
  config: Config;
  session: StatePropertyAccessor<Session>;
  now?: () => Date;
}

/**
 * Hands a conversation to a person: the crisis message first for self-harm, then the request on
 * the queue (facts so far, trace, transcript), the notifier woken, and an honest message about what
 * happens next. From then on the bot's gate keeps it out of the conversation.
 */
export class Handoff {
  constructor(private readonly deps: HandoffDeps) {}

  async escalate(context: TurnContext, escalation: Escalation, trace: TraceEntry[] = []): Promise<HandoffRequest> {
    const { stores, config } = this.deps;
    const locale = localeOf(context.activity.locale);
    const conversationId = context.activity.conversation.id;
    if (escalation.reason === "self_harm_risk") {
      await context.sendActivity(t(locale, "handoff.crisis", { support: locale === "zh-CN" ? config.CRISIS_SUPPORT_ZH : config.CRISIS_SUPPORT_EN }));
    }
    const session = await this.deps.session.get(context, newSession());
    const transcript = (await stores.transcripts.read(conversationId)).map(transcriptLine).filter((l): l is TranscriptLine => l !== null);
    const facts: Record<string, unknown> = { ...session.facts };
    if (session.verified) {
      facts["product"] = session.verified.account.product;
      facts["account"] = session.verified.account;
    }
    const request = HandoffRequest.parse({
      id: `HO-${randomUUID()}`,
      conversationId,
      queue: escalation.queue,
      priority: escalation.priority,
      reason: escalation.reason,
      locale,
      accountId: session.verified?.accountId ?? null,
      facts,
      trace,
      transcript,
      status: "waiting",
      createdAt: (this.deps.now?.() ?? new Date()).toISOString(),
    });
    await stores.handoffs.enqueue(request);
    const lines = [t(locale, `handoff.queue.${escalation.queue}`)];
    if (escalation.queue === "specialist" && DEBT_ADVICE_REASONS.has(escalation.reason)) {
      lines.push(t(locale, "handoff.debtAdvice", { advice: locale === "zh-CN" ? config.DEBT_ADVICE_ZH : config.DEBT_ADVICE_EN }));
    }
    await context.sendActivity(lines.join("\n\n"));
    session.acknowledgedHandoffId = null;
    await stores.notifier.publish(agentTopic(conversationId), JSON.stringify({ type: "handoff", handoffId: request.id }));
    return request;
  }
}
