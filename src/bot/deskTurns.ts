import { randomUUID } from "node:crypto";
import { type Activity, CardFactory, type TurnContext } from "botbuilder";
import type { HandoffRequest, PendingAgentOffer } from "../domain/agreement.js";
import { t } from "../i18n/catalog.js";
import type { Agent } from "../handoff/agents.js";
import { HandoffConflict } from "../handoff/errors.js";
import { lineOf, type TranscriptLine } from "../handoff/lines.js";
import type { BorrowerPort, Notice } from "../handoff/port.js";
import { termsText, primaryOffers, waiverOf } from "../../dialogs/render.js";
import type { Session } from "../../dialogs/session.js";
import type { NegotiationBot } from "./negotiationBot.js";

/** Runs `logic` in a proactive turn of the conversation, through the adapter that owns its channel. */
export type ChannelDoors = (conversationId: string, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/** postBack value of an agent offer's agree button: names the offer, so a button from an older card never consents. */
export interface AgentOfferValue {
  xsAgentOffer: string;
  choice: "agree";
}

/**
 * The desk's BorrowerPort over botbuilder: each call is one proactive turn (NegotiationBot.deskTurn:
 * the conversation's lock, state loaded and saved) through the channel's adapter, so Direct Line
 * appends to the transcript and wakes the widget, and Bot Framework channels get it through the
 * connector (the transcript middleware records it).
 */
export class DeskTurns implements BorrowerPort {
  constructor(
    private readonly bot: NegotiationBot,
    private readonly doors: ChannelDoors,
    private readonly approvalAboveMinor: number,
  ) {}

  async agentMessage(handoff: HandoffRequest, agent: Agent, text: string): Promise<TranscriptLine> {
    const activity: Partial<Activity> = {
      type: "message",
      id: `xs-${randomUUID()}`,
      text,
      from: { id: `agent:${agent.id}`, name: agent.displayName, role: "bot" },
      channelData: { xieshang: { agentId: agent.id } },
    };
    await this.turn(handoff.conversationId, async (context) => {
      await context.sendActivity(activity);
    });
    return this.line(activity);
  }

  async offer(handoff: HandoffRequest, draft: Omit<PendingAgentOffer, "textShown">, record: (pending: PendingAgentOffer) => Promise<void>): Promise<TranscriptLine> {
    const locale = handoff.locale;
    let sent: Partial<Activity> | undefined;
    await this.turn(handoff.conversationId, async (context, session) => {
      if (!session.verified) {
        throw new HandoffConflict("NotVerified", "the borrower has not verified their identity in this conversation: no offer may be shown (POLICY §6)");
      }
      const chosen = primaryOffers([draft.offer])[0];
      if (!chosen) throw new HandoffConflict("InvalidOffer", "offerIndex: pick a primary offer; a waiver goes with one");
      const textShown = termsText(locale, chosen, waiverOf(draft.offersShown), session.verified, this.approvalAboveMinor);
      await record({ ...draft, textShown });
      const agree = t(locale, "terms.confirm");
      const value: AgentOfferValue = { xsAgentOffer: draft.offerId, choice: "agree" };
      const text = `${textShown}\n\n${t(locale, "terms.ask")}\n\n${t(locale, "desk.offer.hint", { agree })}`;
      const card = CardFactory.heroCard(t(locale, "desk.offer.title"), text, undefined, [{ type: "postBack", title: agree, value }]);
      sent = { type: "message", id: `xs-${randomUUID()}`, attachments: [card], channelData: { xieshang: { agentId: draft.agentId } } };
      await context.sendActivity(sent);
    });
    return this.line(sent!);
  }

  async notice(conversationId: string, locale: HandoffRequest["locale"], notice: Notice, send: boolean): Promise<{ line: TranscriptLine | null; text: string }> {
    let text = "";
    let sent: Partial<Activity> | undefined;
    await this.turn(conversationId, async (context, session) => {
      switch (notice.kind) {
        case "joined":
          text = t(locale, "handoff.joined");
          break;
        case "returned":
          text = t(locale, "handoff.returned");
          // The dialogs resume from here on the borrower's next message (never mid-prompt, never the disclosure twice).
          session.resume = session.verified && hasAllFacts(session) ? "summary" : "intake";
          break;
        case "closed":
          text = t(locale, "handoff.closed", { outcome: t(locale, `handoff.outcome.${notice.outcome}`) });
          await this.bot.resetConversation(context, session);
          break;
        case "approval":
          text = t(locale, notice.decision === "approved" ? "desk.approval.approved" : "desk.approval.rejected", { id: notice.agreementId });
          break;
      }
      if (!send) return;
      sent = systemActivity(text);
      await context.sendActivity(sent);
    });
    return { line: sent ? this.line(sent) : null, text };
  }

  async systemMessage(conversationId: string, text: string): Promise<TranscriptLine> {
    const sent = systemActivity(text);
    await this.turn(conversationId, async (context) => {
      await context.sendActivity(sent);
    });
    return this.line(sent);
  }

  private turn(conversationId: string, fn: (context: TurnContext, session: Session) => Promise<void>): Promise<void> {
    return this.doors(conversationId, (context) => this.bot.deskTurn(context, fn));
  }

  private line(activity: Partial<Activity>): TranscriptLine {
    const stored = JSON.parse(JSON.stringify({ ...activity, timestamp: new Date().toISOString(), from: activity.from ?? { role: "bot" } })) as Record<string, unknown>;
    const line = lineOf(String(activity.id), stored);
    if (!line) throw new Error("deskTurns: a sent message has no line");
    return line;
  }
}

function systemActivity(text: string): Partial<Activity> {
  return { type: "message", id: `xs-${randomUUID()}`, text, channelData: { xieshang: { system: true } } };
}

function hasAllFacts(session: Session): boolean {
  const f = session.facts;
  return ["reason", "expectedDuration", "monthlyIncomeMinor", "essentialExpensesMinor", "affordableMonthlyMinor", "willingToRepay"].every(
    (k) => (f as Record<string, unknown>)[k] !== undefined,
  );
}
