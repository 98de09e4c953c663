import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { Config } from "../config.js";
import type { HandoffRequest } from "../domain/agreement.js";
import type { Escalation, TraceEntry } from "../domain/decision.js";
import { localeOf, t } from "../i18n/catalog.js";
import type { HandoffService } from "../handoff/service.js";
import type { Stores, TranscriptEntry } from "../store/types.js";
import { newSession, type Session } from "../../dialogs/session.js";
import { lineOf } from "../handoff/lines.js";

export { agentTopic } from "../handoff/events.js";

/** Reasons after which the borrower is also told where to get free debt advice (POLICY.md §3). */
const DEBT_ADVICE_REASONS: ReadonlySet<Escalation["reason"]> = new Set(["over_indebtedness", "no_affordable_option"]);

type TranscriptLine = HandoffRequest["transcript"][number];

/** One transcript entry as a line of the handoff request: who said it, the text (cards by title), when. */
export function transcriptLine(entry: TranscriptEntry): TranscriptLine | null {
  const line = lineOf(entry.id, entry.activity);
  if (!line) return null;
  const text = [line.text, ...(line.cards ?? []).map((c) => `[${c.title}]`)].filter((s) => s.length > 0).join("\n");
  const from: TranscriptLine["from"] = line.from === "system" ? "bot" : line.from;
  return { from, text, at: line.at };
}

export interface HandoffDeps {
  stores: Stores;
  config: Config;
  session: StatePropertyAccessor<Session>;
  service: HandoffService;
  /** Bot Framework handoff protocol (HANDOFF_HUB): sends handoff.initiate with the transcript. */
  initiate?: (context: TurnContext, request: HandoffRequest) => Promise<void>;
}

/**
 * Hands a conversation to a person: the crisis message first for self-harm, then the request
 * opened through the handoff service (facts so far, trace, transcript; the desk is woken), and an
 * honest message about what happens next. From then on the bot's gate keeps it out of the
 * conversation (src/bot/handoffGate.ts).
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
    const request = await this.deps.service.open({
      conversationId,
      escalation,
      locale,
      accountId: session.verified?.accountId ?? null,
      facts,
      trace,
      transcript,
      channel: context.activity.channelId ?? "unknown",
    });
    const lines = [t(locale, `handoff.queue.${escalation.queue}`)];
    if (escalation.queue === "specialist" && DEBT_ADVICE_REASONS.has(escalation.reason)) {
      lines.push(t(locale, "handoff.debtAdvice", { advice: locale === "zh-CN" ? config.DEBT_ADVICE_ZH : config.DEBT_ADVICE_EN }));
    }
    await context.sendActivity(lines.join("\n\n"));
    if (this.deps.initiate) await this.deps.initiate(context, request);
    return request;
  }
}
