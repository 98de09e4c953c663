import { MessageFactory } from "botbuilder";
import { type DialogTurnResult, ListStyle, type WaterfallStepContext } from "botbuilder-dialogs";
import { Agreement } from "../src/domain/agreement.js";
import { HardshipCase, NO_FLAGS } from "../src/domain/case.js";
import type { Offer } from "../src/domain/decision.js";
import { t } from "../src/i18n/catalog.js";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { CHOICE_PROMPT, OFFERS_DIALOG, WATERFALL } from "./ids.js";
import { choicesFor, chosen, type Option } from "./prompts.js";
import { offerCards, primaryOffers, termsText, waiverOf } from "./render.js";
import { type DialogServices, localeFor, sessionOf } from "./services.js";
import { StepDialog, stepValues } from "./stepDialog.js";

interface OffersValues {
  proposal: Proposal;
  chosen: number;
  shown: string;
}

const CONFIRM_TERMS: readonly Option<"confirm" | "back">[] = [
  { key: "confirm", labelKey: "terms.confirm" },
  { key: "back", labelKey: "terms.back" },
];

interface Proposal {
  input: HardshipCase;
  offers: Offer[];
  policyVersion: string;
}

/**
 * decide() on the validated case: the offers as cards (one chosen), the full terms confirmed
 * explicitly, then the agreement stored with the policy version, the trace and the exact text
 * shown — or the engine's escalation.
 */
export class OffersDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(OFFERS_DIALOG, services);
    this.waterfall([this.decideStep.bind(this), this.termsStep.bind(this), this.agreeStep.bind(this)]);
  }

  /** Decides on the confirmed facts; shows the offers, or hands over as the engine says. */
  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, step.context);
    const parsed = HardshipCase.safeParse({ identityVerified: session.verified !== null, account: session.verified?.account, hardship: session.facts, flags: NO_FLAGS });
    if (!parsed.success || !session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    const decision = this.services.decide(parsed.data);
    session.lastTrace = decision.trace;
    if (decision.decision === "escalate" || decision.escalation !== null) {
      return this.handOver(step, decision.escalation ?? CONVERSATION_ESCALATIONS.breakdown);
    }
    const proposal: Proposal = { input: parsed.data, offers: decision.offers, policyVersion: decision.policyVersion };
    stepValues<OffersValues>(step).proposal = proposal;
    const locale = localeFor(step.context);
    const cards = offerCards(locale, decision.offers, session.verified, this.services.waiverApprovalAboveMinor);
    return step.prompt(CHOICE_PROMPT, {
      prompt: MessageFactory.carousel(cards, `${t(locale, "offers.intro")}\n\n${t(locale, "offers.pick")}`),
      retryPrompt: MessageFactory.carousel(cards, `${t(locale, "choice.retry")}\n\n${t(locale, "offers.pick")}`),
      choices: choicesFor(locale, this.choiceOptions(proposal)).map((c, i) => ({ ...c, synonyms: [...(c.synonyms ?? []), String(i + 1)] })),
      style: ListStyle.none,
    });
  }

  /** Shows the full terms of the chosen offer and asks for explicit agreement. */
  private async termsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const proposal = stepValues<OffersValues>(step).proposal as Proposal;
    const session = await sessionOf(this.services, step.context);
    const index = Number(chosen(step.result, this.choiceOptions(proposal)) ?? 0);
    const primary = primaryOffers(proposal.offers)[index];
    if (!primary || !session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    const locale = localeFor(step.context);
    const shown = `${termsText(locale, primary, waiverOf(proposal.offers), session.verified, this.services.waiverApprovalAboveMinor)}\n\n${t(locale, "terms.ask")}`;
    stepValues<OffersValues>(step).chosen = index;
    stepValues<OffersValues>(step).shown = shown;
    return step.prompt(CHOICE_PROMPT, {
      prompt: shown,
      retryPrompt: `${t(locale, "choice.retry")}\n\n${t(locale, "terms.ask")}`,
      choices: choicesFor(locale, CONFIRM_TERMS),
      style: ListStyle.suggestedAction,
    });
  }

  /** Stores the agreement and gives its reference; or goes back to the options. */
  private async agreeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (chosen(step.result, CONFIRM_TERMS) !== "confirm") return step.replaceDialog(WATERFALL);
    const proposal = stepValues<OffersValues>(step).proposal as Proposal;
    const session = await sessionOf(this.services, step.context);
    const primary = primaryOffers(proposal.offers)[Number(stepValues<OffersValues>(step).chosen)];
    const waiver = waiverOf(proposal.offers);
    if (!primary || !session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    const locale = localeFor(step.context);
    const agreement = Agreement.parse({
      id: this.services.newAgreementId(),
      conversationId: step.context.activity.conversation.id,
      accountId: session.verified.accountId,
      locale,
      case: proposal.input,
      offers: waiver ? [primary, waiver] : [primary],
      policyVersion: proposal.policyVersion,
      trace: session.lastTrace,
      textShown: String(stepValues<OffersValues>(step).shown),
      offersShown: proposal.offers,
      consent: {
        activityId: step.context.activity.id ?? "",
        channel: step.context.activity.channelId ?? "",
        words: step.context.activity.text ?? "",
        button: false,
        at: this.services.now().toISOString(),
      },
      verifiedAt: session.verifiedAt,
      agentId: null,
      vulnerabilityNote: null,
      status: "agreed",
      createdAt: this.services.now().toISOString(),
    });
    await this.services.agreements.save(agreement);
    const lines = [t(locale, "agreement.saved", { id: agreement.id })];
    if (primary.type === "personalized_instalment") lines.push(t(locale, "agreement.collectionStops"));
    lines.push(t(locale, "agreement.goodbye"));
    await step.context.sendActivity(lines.join("\n\n"));
    return step.endDialog(agreement);
  }

  /** One option per primary offer: "Choose option n". */
  private choiceOptions(proposal: Proposal): Option<string>[] {
    return primaryOffers(proposal.offers).map((_, i) => ({ key: String(i), labelKey: "offers.choose", labelParams: { n: i + 1 } }));
  }
}
