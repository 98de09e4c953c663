import { ActivityTypes } from "botbuilder";
import { ComponentDialog, type DialogContext, type DialogTurnResult, DialogTurnStatus } from "botbuilder-dialogs";
import type { Escalation } from "../src/domain/decision.js";
import { keywordAction } from "../src/i18n/keywords.js";
import { CONVERSATION_ESCALATIONS, INTENT_ESCALATIONS } from "./escalations.js";
import { isFreeTextPrompt, recognisedBy, withButtons } from "./prompts.js";
import { type DialogServices, classifyTurn, localeFor, sessionOf, text } from "./services.js";
import { newSession } from "./session.js";

/**
 * The interruptions every turn is checked for (CancelAndHelpDialog-style), before the active step:
 * a sign of self-harm, a request for a person, cancel, help, start over; then — only for text that
 * is not a usable answer to the current prompt — the classifier's labels (fraud, dispute,
 * complaint, request for a person, self-harm); then the repair guard (2 unusable inputs in a row
 * → offer a person, 3 → hand over).
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
  }

  /** The dialog "start over" begins again (the flow's first step). */
  protected abstract readonly restartDialogId: string;

  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, innerDc.context);
    await this.services.session.set(innerDc.context, newSession(session.verifyFailures));
    // A first message can already ask for a person or carry a sign of self-harm: act on it now.
    if (isMessage(innerDc)) {
      const early = await this.urgent(innerDc, false);
      if (early) return early;
    }
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (!isMessage(innerDc)) return super.onContinueDialog(innerDc);
    const handled = await this.interrupt(innerDc);
    return handled ?? super.onContinueDialog(innerDc);
  }

  /** Self-harm and a request for a person (keywords, and the classifier on text that is not an answer). */
  private async urgent(innerDc: DialogContext, recognised: boolean): Promise<DialogTurnResult | undefined> {
    const utterance = innerDc.context.activity.text ?? "";
    const keyword = keywordAction(utterance);
    if (keyword === "self_harm") return this.handOver(innerDc, CONVERSATION_ESCALATIONS.selfHarm);
    if (keyword === "human") return this.handOver(innerDc, CONVERSATION_ESCALATIONS.requested);
    if (recognised || utterance.trim().length === 0) return undefined;
    const label = await classifyTurn(this.services, innerDc.context);
    // self_harm_risk is never missed: acted on whatever the confidence.
    if (label.vulnerabilities.includes("self_harm_risk")) return this.handOver(innerDc, CONVERSATION_ESCALATIONS.selfHarm);
    if (label.confidence < this.services.minConfidence) return undefined;
    const escalation = INTENT_ESCALATIONS[label.intent];
    return escalation ? this.handOver(innerDc, escalation) : undefined;
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const utterance = context.activity.text ?? "";
    const prompt = leafOf(innerDc).activeDialog;
    const recognised = prompt !== undefined && recognisedBy(prompt.id, utterance, prompt.state?.["options"], localeFor(context));

    const urgent = await this.urgent(innerDc, recognised);
    if (urgent) return urgent;

    const keyword = keywordAction(utterance);
    if (keyword === "cancel") return this.cancel(innerDc);
    if (keyword === "help") {
      await context.sendActivity(text(context, "help.text"));
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    if (keyword === "restart") {
      await context.sendActivity(text(context, "restart.done"));
      await innerDc.cancelAllDialogs();
      const session = await sessionOf(this.services, context);
      await this.services.session.set(context, { ...newSession(session.verifyFailures), disclosed: session.disclosed, verified: session.verified, verifiedAt: session.verifiedAt });
      return innerDc.beginDialog(this.restartDialogId);
    }

    const session = await sessionOf(this.services, context);
    if (recognised) {
      session.unusableInARow = 0;
      return undefined;
    }
    if (utterance.trim().length > 0) {
      const label = await classifyTurn(this.services, context);
      if (label.intent === "cancel" && label.confidence >= this.services.minConfidence) return this.cancel(innerDc);
    }
    if (isFreeTextPrompt(prompt?.id) && utterance.trim().length > 0) {
      session.unusableInARow = 0;
      return undefined;
    }
    // Not usable: the prompt asks again (with an example); the second time a person is offered, the third hands over.
    session.unusableInARow += 1;
    if (session.unusableInARow >= 3) return this.handOver(innerDc, CONVERSATION_ESCALATIONS.breakdown);
    if (session.unusableInARow === 2) {
      const options = prompt?.state?.["options"] as { retryPrompt?: unknown; prompt?: unknown; choices?: Array<{ value: string }> } | undefined;
      const again = typeof options?.retryPrompt === "string" ? options.retryPrompt : typeof options?.prompt === "string" ? options.prompt : "";
      const buttons = [...(options?.choices ?? []).map((c) => c.value), text(context, "button.person")];
      await context.sendActivity(withButtons([text(context, "repair.offerPerson"), again].filter(Boolean).join("\n\n"), buttons));
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }

  private async cancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(text(innerDc.context, "cancel.done"));
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete };
  }

  /** Hands over at once and ends the flow: the bot does not negotiate in this conversation any more. */
  protected async handOver(innerDc: DialogContext, escalation: Escalation): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, innerDc.context);
    await this.services.escalate(innerDc.context, escalation, session.lastTrace);
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete };
  }
}

function isMessage(dc: DialogContext): boolean {
  return dc.context.activity.type === ActivityTypes.Message;
}

/** The innermost dialog context (whose active dialog is the prompt waiting for this answer). */
function leafOf(dc: DialogContext): DialogContext {
  let current = dc;
  for (let child = current.child; child !== undefined; child = current.child) current = child;
  return current;
}
