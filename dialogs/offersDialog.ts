import { randomBytes } from "node:crypto";
import { MessageFactory, type TurnContext } from "botbuilder";
import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { Agreement, needsApproval, statusOf } from "../src/domain/agreement.js";
import { consentActivityId } from "../src/bot/messageKey.js";
import { HardshipCase, NO_FLAGS } from "../src/domain/case.js";
import type { Offer } from "../src/domain/decision.js";
import { isPlainYes, normaliseAnswer, sameWords } from "../src/i18n/answers.js";
import { t } from "../src/i18n/catalog.js";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { FREE_TEXT_PROMPT, OFFERS_DIALOG, WATERFALL } from "./ids.js";
import { buttonValue, cardButton, promptWith } from "./prompts.js";
import { offerCards, primaryOffers, termsText, waiverOf } from "./render.js";
import { type DialogServices, localeFor, sessionOf } from "./services.js";
import { StepDialog, stepValues } from "./stepDialog.js";

interface Proposal {
  input: HardshipCase;
  offers: Offer[];
  policyVersion: string;
}

/** How the waterfall is (re)entered: with the proposal already decided, an option to show, a kind line first. */
export interface OffersOptions {
  proposal?: Proposal;
  chosen?: number;
  lead?: string;
}

interface OffersValues {
  proposal: Proposal;
  chosen: number;
  shown: string;
}

/**
 * decide() on the confirmed facts; the offers as cards; the full terms of the one chosen; and an
 * agreement only on explicit consent (POLICY.md §6): the agree button of the terms now shown, or
 * words that say yes and nothing else. Anything else is answered for what it is — another option
 * shows that option's terms; "back" the options; hesitation, a refusal or a wish to pay less goes
 * back to the options with a kind line and a person. No fuzzy matching anywhere.
 */
export class OffersDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(OFFERS_DIALOG, services);
    this.waterfall([this.optionsStep.bind(this), this.termsStep.bind(this), this.agreeStep.bind(this)]);
  }

  /** Decides (once), then shows the options as cards — or goes straight to the terms of a named option. */
  private async optionsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as OffersOptions;
    const session = await sessionOf(this.services, step.context);
    if (!session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    let proposal = options.proposal;
    if (!proposal) {
      const parsed = HardshipCase.safeParse({ identityVerified: true, account: session.verified.account, hardship: session.facts, flags: NO_FLAGS });
      if (!parsed.success) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
      const decision = this.services.decide(parsed.data);
      session.lastTrace = decision.trace;
      if (decision.decision === "escalate" || decision.escalation !== null) {
        return this.handOver(step, decision.escalation ?? CONVERSATION_ESCALATIONS.breakdown);
      }
      proposal = { input: parsed.data, offers: decision.offers, policyVersion: decision.policyVersion };
    }
    stepValues<OffersValues>(step).proposal = proposal;
    if (options.chosen !== undefined) return step.next({ chosen: options.chosen });

    const locale = localeFor(step.context);
    const token = newToken();
    session.cardToken = token;
    const cards = offerCards(locale, proposal.offers, session.verified, this.services.waiverApprovalAboveMinor, token);
    const lead = options.lead ? `${t(locale, options.lead)}\n\n` : `${t(locale, "offers.intro")}\n\n`;
    const carousel = MessageFactory.list(cards, `${lead}${t(locale, "offers.pick")}`);
    carousel.suggestedActions = { to: [], actions: [{ type: "imBack", title: t(locale, "button.person"), value: t(locale, "button.person") }] };
    return promptWith(this.services, step, FREE_TEXT_PROMPT, { prompt: carousel });
  }

  /** The option picked (its button, or its words): its full terms and the question. Anything else: the options again. */
  private async termsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const proposal = stepValues<OffersValues>(step).proposal as Proposal;
    const given = (step.result as { chosen?: number } | undefined)?.chosen;
    const index = given ?? optionNamed(step.context, primaryOffers(proposal.offers).length);
    if (index === null) return step.replaceDialog(WATERFALL, { proposal, lead: "offers.notChosen" } satisfies OffersOptions);
    const session = await sessionOf(this.services, step.context);
    const primary = primaryOffers(proposal.offers)[index];
    if (!primary || !session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    const locale = localeFor(step.context);
    const shown = termsText(locale, primary, waiverOf(proposal.offers), session.verified, this.services.waiverApprovalAboveMinor);
    stepValues<OffersValues>(step).chosen = index;
    stepValues<OffersValues>(step).shown = shown;
    const token = newToken();
    session.cardToken = token;
    await step.context.sendActivity(shown);
    const question = MessageFactory.suggestedActions(
      [
        cardButton(t(locale, "terms.confirm"), { xs: "agree", token }),
        cardButton(t(locale, "terms.back"), { xs: "back", token }),
        { type: "imBack", title: t(locale, "button.person"), value: t(locale, "button.person") },
      ],
      t(locale, "terms.ask"),
    );
    return promptWith(this.services, step, FREE_TEXT_PROMPT, { prompt: question });
  }

  /** Consent makes the agreement; another option shows its terms; anything else goes back to the options. */
  private async agreeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const proposal = stepValues<OffersValues>(step).proposal as Proposal;
    const button = buttonValue(step.context);
    const words = step.context.activity.text ?? "";
    const consentByButton = button?.xs === "agree";
    if (consentByButton || (!button && isPlainYes(words))) return this.agree(step, proposal, consentByButton);
    const other = button?.xs === "choose" ? (button.n ?? null) : optionNamed(step.context, primaryOffers(proposal.offers).length);
    if (other !== null) return step.replaceDialog(WATERFALL, { proposal, chosen: other } satisfies OffersOptions);
    const back = button?.xs === "back" || sameWords(words, [t("zh-CN", "terms.back"), t("en", "terms.back"), "返回", "back", "go back"]);
    return step.replaceDialog(WATERFALL, { proposal, lead: back ? "offers.again" : "terms.notAgreed" } satisfies OffersOptions);
  }

  /** Stores the agreement with the proof of consent (POLICY.md §5a) and tells the borrower its status honestly. */
  private async agree(step: WaterfallStepContext, proposal: Proposal, button: boolean): Promise<DialogTurnResult> {
    const values = stepValues<OffersValues>(step);
    const session = await sessionOf(this.services, step.context);
    const primary = primaryOffers(proposal.offers)[Number(values.chosen)];
    const waiver = waiverOf(proposal.offers);
    if (!primary || !session.verified) return this.handOver(step, CONVERSATION_ESCALATIONS.breakdown);
    const locale = localeFor(step.context);
    const offers = waiver ? [primary, waiver] : [primary];
    const status = statusOf(offers);
    const now = this.services.now().toISOString();
    const activity = step.context.activity;
    const agreement = Agreement.parse({
      id: this.services.newAgreementId(step.context),
      conversationId: activity.conversation.id,
      accountId: session.verified.accountId,
      locale,
      case: proposal.input,
      offers,
      policyVersion: proposal.policyVersion,
      trace: session.lastTrace,
      textShown: String(values.shown),
      offersShown: proposal.offers,
      consent: { activityId: consentActivityId(activity), channel: activity.channelId ?? "", words: activity.text ?? "", button, at: now },
      verifiedAt: session.verifiedAt,
      agentId: null,
      vulnerabilityNote: session.vulnerabilityNote,
      status,
      createdAt: now,
    });
    await this.services.agreements.save(agreement);
    // A waiver above the limit is a supervisor's task on the desk (the borrower is told it is pending).
    if (needsApproval(offers)) await this.services.approvals.create(agreement, null);
    session.agreementId = agreement.id;
    session.cardToken = null;
    const lines = [t(locale, `agreement.${status}`, { id: agreement.id })];
    if (status === "pending_guarantor_consent" && needsApproval(offers)) lines.push(t(locale, "agreement.waiverPending"));
    lines.push(t(locale, "agreement.goodbye"));
    await step.context.sendActivity(lines.join("\n\n"));
    return step.endDialog(agreement);
  }
}

/** A fresh token for the cards about to be shown: a button from any earlier card carries another. */
function newToken(): string {
  return randomBytes(6).toString("base64url");
}

const ORDINALS_ZH = ["一", "二", "三"];
const ORDINALS_EN = ["first", "second", "third"];
const NUMBERS_EN = ["one", "two", "three"];

/**
 * The option the words name, exactly ("2", "方案二", "选择方案 2", "option 2", "Choose option 2",
 * "the second one"), or a pressed choose button; null for anything else.
 */
function optionNamed(context: TurnContext, count: number): number | null {
  const button = buttonValue(context);
  if (button?.xs === "choose" && typeof button.n === "number") return button.n >= 0 && button.n < count ? button.n : null;
  const norm = normaliseAnswer(context.activity.text ?? "").replace(/\s+/g, "");
  for (let i = 0; i < count; i++) {
    const n = String(i + 1);
    const names = [
      n, `方案${n}`, `方案${ORDINALS_ZH[i]}`, `选择方案${n}`, `选方案${n}`, `我选方案${n}`, `选${n}`, `第${n}个`, `第${ORDINALS_ZH[i]}个`, `第${ORDINALS_ZH[i]}个方案`,
      `选第${ORDINALS_ZH[i]}个`, `我选第${ORDINALS_ZH[i]}个`, `option${n}`, `choose${n}`, `chooseoption${n}`, `ichooseoption${n}`, `option${NUMBERS_EN[i]}`,
      `the${ORDINALS_EN[i]}one`, `${ORDINALS_EN[i]}one`, `the${ORDINALS_EN[i]}option`, `${ORDINALS_EN[i]}option`, `illtakeoption${n}`, `i'lltakeoption${n}`,
    ];
    if (names.includes(norm)) return i;
  }
  return null;
}
