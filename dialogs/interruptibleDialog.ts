import { ActivityTypes } from "botbuilder";
import { ComponentDialog, type DialogContext, type DialogTurnResult, DialogTurnStatus } from "botbuilder-dialogs";
import type { Escalation } from "../src/domain/decision.js";
import { NO_FLAGS, type Flags } from "../src/domain/case.js";
import { isPlainYes, isSureNo, sameWords, yesNo } from "../src/i18n/answers.js";
import { faqTopic, looksLikeQuestion } from "../src/i18n/faq.js";
import { keywordAction } from "../src/i18n/keywords.js";
import { t } from "../src/i18n/catalog.js";
import { formatMoney } from "../src/i18n/money.js";
import { readCorrection, type Correction } from "../src/parsing/correction.js";
import { flagTrace } from "../src/rules/index.js";
import { hear, isBareNumber, legalFlag, type Heard, type SignalKind } from "../src/understanding/signals.js";
import type { ClassificationResult, Intent } from "../src/domain/classification.js";
import { CONVERSATION_ESCALATIONS, SIGNAL_ESCALATIONS } from "./escalations.js";
import { ACCOUNT_LAST4_PROMPT, ID_LAST4_PROMPT } from "./ids.js";
import { redactedAnswerText } from "../src/privacy/verificationAnswer.js";

const VERIFICATION_PROMPTS = new Set([ACCOUNT_LAST4_PROMPT, ID_LAST4_PROMPT]);
import { buttonValue, isFreeTextPrompt, recognisedBy, withButtons } from "./prompts.js";
import { classifyTurn, type DialogServices, localeFor, sessionOf, setTurnClassification, text } from "./services.js";
import { newSession, type Pending, type Session } from "./session.js";

/**
 * What every borrower message goes through before the active step may use it (POLICY.md §6,
 * "every message is heard"), in this order:
 *
 * 1. the answer to a question the bot asked about the last message (confirm a signal, the direct
 *    self-harm question, consent to note health information) — then that message is used;
 * 2. the signal check on every message, answers and button text included: self-harm (clear → crisis
 *    contacts and a person; possible → the direct question), then the §3 signals in §3 order (sure →
 *    a person at once with the flag set; a classifier label it is unsure of → one yes/no question),
 *    then serious illness or mental health (acknowledged, a specialist offered, consent asked);
 * 3. a button from an earlier card (it never acts), cancel, help, start over;
 * 4. a correction that names another field ("wait, my income is actually 5000");
 * 5. a question: answered from the approved FAQ, or a person offered — then the step asks again;
 * 6. the step's own answer, or the repair guard (2 unusable inputs → a person offered, 3 → handed over).
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
    if (session.resume) {
      // Handed back by a person (issue 8): the flow resumes from what is known — the summary when
      // every fact is confirmed, else the questions not yet answered; never the disclosure again.
      // An arrangement made with the person in this conversation is not negotiated again: it is said.
      const made = (await this.services.agreements.listByConversation(innerDc.context.activity.conversation.id)).at(-1);
      if (made) {
        const locale = localeFor(innerDc.context);
        await this.services.session.set(innerDc.context, { ...newSession(session.verifyFailures, made.id), disclosed: true });
        await innerDc.context.sendActivity(text(innerDc.context, "resume.arrangementInPlace", { id: made.id, status: t(locale, `status.${made.status}`) }));
        return { status: DialogTurnStatus.complete };
      }
      await this.services.session.set(innerDc.context, { ...session, resume: null, pending: null, prompt: null, unusableInARow: 0, cardToken: null });
    } else {
      await this.services.session.set(innerDc.context, newSession(session.verifyFailures, session.agreementId));
    }
    if (isMessage(innerDc)) {
      // "谢谢" or "bye" after an agreement is answered, not a new negotiation.
      if (session.agreementId && isClosing(innerDc.context.activity.text ?? "")) {
        await innerDc.context.sendActivity(text(innerDc.context, "agreement.thanks", { id: session.agreementId }));
        return { status: DialogTurnStatus.complete };
      }
      // A first message can already carry a signal: act on it before the greeting.
      const early = await this.listen(innerDc);
      if (early) return early;
    }
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (!isMessage(innerDc)) return super.onContinueDialog(innerDc);
    const handled = await this.listen(innerDc);
    if (handled) return handled;
    // A question asked before the flow began (the first message carried a signal) is settled: begin now.
    if (innerDc.activeDialog === undefined) return innerDc.beginDialog(this.initialDialogId);
    return super.onContinueDialog(innerDc);
  }

  /** Everything before the step: a result when the message was handled here, undefined to let the step use it. */
  private async listen(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const session = await sessionOf(this.services, context);
    const utterance = understood(innerDc, session);
    // Verification answers are compared and discarded (POLICY.md §8): they go to no classifier.
    const heard = utterance.trim().length > 0 && !isVerificationAnswer(innerDc, session) ? await this.hearTurn(innerDc, utterance) : null;
    // A clear sign of self-harm is acted on whatever was asked before ("no, and I want to die").
    if (heard?.selfHarm === "risk") return this.handOver(innerDc, CONVERSATION_ESCALATIONS.selfHarm, "selfHarmRisk");
    if (session.pending) {
      const settled = await this.settle(innerDc, session, session.pending);
      if (settled) return settled;
    }
    if (heard) {
      const acted = await this.actOnSignals(innerDc, session, heard, utterance);
      if (acted) return acted;
    }
    return this.interrupt(innerDc, session);
  }

  private async hearTurn(innerDc: DialogContext, utterance: string): Promise<Heard> {
    const keyword = keywordAction(utterance);
    const heard = await hear(
      utterance,
      localeFor(innerDc.context),
      this.services.classifier,
      { minConfidence: this.services.minConfidence, routeConfidence: this.services.routeConfidence },
      { selfHarm: keyword === "self_harm", human: keyword === "human" },
    );
    setTurnClassification(innerDc.context, heard.classification);
    return heard;
  }

  /** Step 2 after clear self-harm (acted on in listen): the §3 signals in order, possible self-harm, then health. */
  private async actOnSignals(innerDc: DialogContext, session: Session, heard: Heard, utterance: string): Promise<DialogTurnResult | undefined> {
    const first = heard.signals[0];
    if (first && first.sure) return this.routeSignal(innerDc, first.kind, utterance);
    if (heard.selfHarm === "possible") {
      return this.ask(innerDc, session, { kind: "self_harm", deferred: utterance }, "selfHarm.check", ["selfHarm.yes", "selfHarm.no"]);
    }
    if (first) {
      return this.ask(innerDc, session, { kind: "signal", signal: first.kind, deferred: utterance }, `signal.confirm.${first.kind}`, ["button.yes", "button.no"]);
    }
    if (heard.health.length > 0 && !session.healthAsked) {
      session.healthAsked = true;
      return this.ask(innerDc, session, { kind: "health", health: heard.health, deferred: utterance }, "health.acknowledge", [
        "health.keepNote",
        "health.noNote",
        "health.specialist",
      ]);
    }
    return undefined;
  }

  /** Hands over on a §3 signal with its flag set (deceased: condolences first). */
  private async routeSignal(innerDc: DialogContext, kind: SignalKind, utterance: string): Promise<DialogTurnResult> {
    const { escalation, flag } = SIGNAL_ESCALATIONS[kind];
    if (kind === "deceased") await innerDc.context.sendActivity(text(innerDc.context, "signal.condolences"));
    return this.handOver(innerDc, escalation, kind === "legal" ? legalFlag(utterance) : flag);
  }

  /** Asks about the last message with buttons; the step's own prompt waits underneath. */
  private async ask(innerDc: DialogContext, session: Session, pending: Pending, questionKey: string, buttonKeys: string[]): Promise<DialogTurnResult> {
    session.pending = pending;
    const context = innerDc.context;
    await context.sendActivity(withButtons(text(context, questionKey), buttonKeys.map((k) => text(context, k))));
    return { status: DialogTurnStatus.waiting };
  }

  /** Step 1: the answer to the question about the last message. */
  private async settle(innerDc: DialogContext, session: Session, pending: Pending): Promise<DialogTurnResult | undefined> {
    session.pending = null;
    const context = innerDc.context;
    const reply = context.activity.text ?? "";
    const said = (key: string) => sameWords(reply, [text(context, key)]);
    if (pending.kind === "self_harm") {
      // "yes", or anything that is not a clear no ("not really", "no?", "不…"), is met with the
      // crisis contacts and a person (§6).
      if (said("selfHarm.no") || isSureNo(reply)) {
        await context.sendActivity(text(context, "selfHarm.goOn", { support: this.services.crisisSupport[localeFor(context)] }));
        return this.resume(innerDc, pending.deferred);
      }
      return this.handOver(innerDc, CONVERSATION_ESCALATIONS.selfHarm, "selfHarmRisk");
    }
    if (pending.kind === "signal") {
      const answer = said("button.yes") ? "yes" : said("button.no") ? "no" : yesNo(reply);
      if (answer === "yes") return this.routeSignal(innerDc, pending.signal, pending.deferred ?? "");
      if (answer === "no") {
        await context.sendActivity(text(context, "signal.notRouted"));
        return this.resume(innerDc, pending.deferred);
      }
      return undefined; // not an answer: the message is heard on its own
    }
    if (pending.kind === "clarify") return this.clarified(innerDc, pending.intents.find((intent) => said(`clarify.${intent}`)));
    if (said("health.specialist")) return this.handOver(innerDc, CONVERSATION_ESCALATIONS.vulnerable, "requestsHuman");
    if (said("health.keepNote") || isPlainYes(reply)) {
      session.vulnerabilityNote = pending.health.join(",");
      await context.sendActivity(text(context, "health.noted"));
      return this.resume(innerDc, pending.deferred);
    }
    if (said("health.noNote") || yesNo(reply) === "no") {
      await context.sendActivity(text(context, "health.notNoted"));
      return this.resume(innerDc, pending.deferred);
    }
    return undefined;
  }

  /**
   * Goes on after a question about the last message was settled: that message is now used as the
   * answer to the step (its signals were already heard), or the step asks again when there was none.
   */
  private async resume(innerDc: DialogContext, deferred: string | null): Promise<DialogTurnResult> {
    const context = innerDc.context;
    if (deferred === null || innerDc.activeDialog === undefined) {
      if (innerDc.activeDialog === undefined) return innerDc.beginDialog(this.initialDialogId);
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    context.activity.text = deferred;
    context.activity.value = undefined;
    setTurnClassification(context, await this.services.classifier.classify(deferred, localeFor(context)));
    const session = await sessionOf(this.services, context);
    return (await this.interrupt(innerDc, session)) ?? super.onContinueDialog(innerDc);
  }

  /** The meaning the borrower picked from a clarifying question, acted on as theirs (they said it now). */
  private async clarified(innerDc: DialogContext, intent: Intent | undefined): Promise<DialogTurnResult | undefined> {
    const signal = intent ? CLARIFY_SIGNALS[intent] : undefined;
    if (signal) return this.routeSignal(innerDc, signal, "");
    if (intent === "cancel") return this.cancel(innerDc);
    if (intent === "ask_question") {
      await innerDc.context.sendActivity(withButtons(text(innerDc.context, "faq.unknown"), [text(innerDc.context, "button.person")]));
      return this.askAgain(innerDc);
    }
    if (intent) return this.askAgain(innerDc);
    return undefined; // not one of the buttons: the message is heard on its own
  }

  /** Steps 3–6. */
  private async interrupt(innerDc: DialogContext, session: Session): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const utterance = context.activity.text ?? "";
    const prompt = session.prompt;

    const button = buttonValue(context);
    if (button && button.token !== session.cardToken) {
      // A button from an earlier card never acts (POLICY.md §6): the current question is asked again.
      await context.sendActivity(text(context, "button.stale"));
      return this.askAgain(innerDc);
    }

    const keyword = keywordAction(understood(innerDc, session));
    if (keyword === "cancel") return this.cancel(innerDc);
    if (keyword === "help") {
      await context.sendActivity(text(context, "help.text"));
      return this.askAgain(innerDc);
    }
    if (keyword === "restart") {
      await context.sendActivity(text(context, "restart.done"));
      await innerDc.cancelAllDialogs();
      await this.services.session.set(context, {
        ...newSession(session.verifyFailures, session.agreementId),
        disclosed: session.disclosed,
        verified: session.verified,
        verifiedAt: session.verifiedAt,
      });
      return innerDc.beginDialog(this.restartDialogId);
    }

    const correction = session.verified ? readCorrection(utterance) : null;
    if (correction && correction.field !== session.asking) return this.correct(innerDc, session, correction);

    const recognised = prompt !== null && recognisedBy(prompt.id, context, prompt);
    if (recognised) {
      session.unusableInARow = 0;
      return undefined;
    }
    if (utterance.trim().length > 0) {
      const label = await classifyTurn(this.services, innerDc.context);
      if (label.intent === "cancel" && label.confidence >= this.services.minConfidence) return this.cancel(innerDc);
      const asked = looksLikeQuestion(utterance) || (label.intent === "ask_question" && label.confidence >= this.services.minConfidence);
      // An approved answer fits: given, then the step asks again. Otherwise a question at a free-text
      // step is the step's to read (at the terms: not consent); elsewhere a person is offered.
      if (asked && faqTopic(utterance)) return this.answerQuestion(innerDc, utterance);
      if (asked && prompt !== null && !isFreeTextPrompt(prompt.id)) return this.answerQuestion(innerDc, utterance);
    }
    // Nothing was asked (the flow is only beginning): there is no answer to judge.
    if (prompt === null || innerDc.activeDialog === undefined) return undefined;
    if (isFreeTextPrompt(prompt.id) && (utterance.trim().length > 0 || button)) {
      session.unusableInARow = 0;
      return undefined;
    }
    // Ask instead of guess: words the classifier is unsure of, with two or three likely meanings, get
    // one short question with those meanings as buttons (and a person) — once, as the first repair.
    const intents = session.unusableInARow === 0 && !isBareNumber(utterance) ? clarifiable(await classifyTurn(this.services, innerDc.context), this.services.minConfidence) : [];
    if (intents.length >= 2) {
      session.unusableInARow += 1;
      return this.ask(innerDc, session, { kind: "clarify", intents, deferred: null }, "clarify.ask", [...intents.map((i) => `clarify.${i}`), "button.person"]);
    }
    // Not usable: the prompt asks again (with an example); the second time a person is offered, the third hands over.
    session.unusableInARow += 1;
    if (session.unusableInARow >= 3) return this.handOver(innerDc, CONVERSATION_ESCALATIONS.breakdown);
    if (session.unusableInARow === 2) {
      const buttons = [...(prompt?.choices ?? []).map((c) => c.value), text(context, "button.person")];
      await context.sendActivity(withButtons([text(context, "repair.offerPerson"), prompt?.again ?? ""].filter(Boolean).join("\n\n"), buttons));
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }

  /** A question mid-flow: the approved answer when one fits, else a person offered; then the step asks again. */
  private async answerQuestion(innerDc: DialogContext, utterance: string): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const topic = faqTopic(utterance);
    if (topic) await context.sendActivity(text(context, `faq.${topic}`));
    else await context.sendActivity(withButtons(text(context, "faq.unknown"), [text(context, "button.person")]));
    return this.askAgain(innerDc);
  }

  /** A correction of another field: stored where it belongs; once the facts were read back, they are read back again. */
  private async correct(innerDc: DialogContext, session: Session, correction: Correction): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const key = ({ income: "monthlyIncomeMinor", expenses: "essentialExpensesMinor", affordable: "affordableMonthlyMinor" } as const)[correction.field];
    session.facts = { ...session.facts, [key]: correction.answer.minor };
    const amount = formatMoney(correction.answer.minor, localeFor(context));
    await context.sendActivity(text(context, "correction.noted", { field: text(context, `field.${correction.field}`), amount }));
    if (session.reviewing) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(this.restartDialogId);
    }
    return this.askAgain(innerDc);
  }

  private async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (innerDc.activeDialog === undefined) return innerDc.beginDialog(this.initialDialogId);
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  private async cancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    (await sessionOf(this.services, innerDc.context)).prompt = null;
    await innerDc.context.sendActivity(text(innerDc.context, "cancel.done"));
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete };
  }

  /**
   * Hands over at once and ends the flow: the bot does not negotiate in this conversation any more.
   * A §3 signal sets its flag on the case, so the handoff's trace names the rule that fired.
   */
  protected async handOver(innerDc: DialogContext, escalation: Escalation, flag?: keyof Flags): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, innerDc.context);
    if (flag) session.flags = { ...session.flags, [flag]: true };
    const trace = flag ? flagTrace({ ...NO_FLAGS, ...session.flags }) : session.lastTrace;
    await this.services.escalate(innerDc.context, escalation, trace);
    session.pending = null;
    session.prompt = null;
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete };
  }
}

/** The meanings a clarifying question may offer, and the §3 signal each one is. */
const CLARIFY_SIGNALS: Partial<Record<Intent, SignalKind>> = { report_fraud: "fraud", dispute_debt: "dispute", complaint: "complaint" };
const CLARIFIABLE: ReadonlySet<Intent> = new Set<Intent>(["report_fraud", "dispute_debt", "complaint", "cancel", "ask_question", "describe_hardship"]);

/** The two or three likely meanings of words the classifier is unsure of (none when it is sure). */
function clarifiable(label: ClassificationResult, minConfidence: number): Intent[] {
  if (label.confidence >= minConfidence) return [];
  const ranked = label.alternatives ?? [{ intent: label.intent, probability: label.confidence }];
  return ranked
    .filter((a) => CLARIFIABLE.has(a.intent) && a.probability >= 0.1)
    .slice(0, 3)
    .map((a) => a.intent);
}

/**
 * The words that understanding may see: what was typed, except at a verification question, where
 * digits become the placeholder ("我的卡号后四位是8801" → "我的卡号后四位是[核验信息]"), as in the
 * transcript (POLICY.md §8) — no classifier, offline or LLM, and no pending question sees them.
 */
function understood(innerDc: DialogContext, session: Session): string {
  const typed = innerDc.context.activity.text ?? "";
  const prompt = session.prompt;
  if (prompt === null || !VERIFICATION_PROMPTS.has(prompt.id)) return typed;
  const stage = prompt.id === ACCOUNT_LAST4_PROMPT ? "account" : "id";
  return redactedAnswerText(typed, stage, innerDc.context.activity.locale) ?? typed;
}

/** The text is shaped like the answer to the verification question being asked (4 digits, an ID's last 4). */
function isVerificationAnswer(innerDc: DialogContext, session: Session): boolean {
  const prompt = session.prompt;
  return prompt !== null && innerDc.activeDialog !== undefined && VERIFICATION_PROMPTS.has(prompt.id) && recognisedBy(prompt.id, innerDc.context, prompt);
}

function isMessage(dc: DialogContext): boolean {
  return dc.context.activity.type === ActivityTypes.Message;
}

const CLOSING = /^(谢谢|谢谢你|谢了|多谢|感谢|好的谢谢|好的，谢谢|再见|拜拜|bye|goodbye|bye bye|thanks|thank you|thanks a lot|thank you so much|cheers|ok thanks|ok thank you|great thanks)[\s!！。.~]*$/i;
function isClosing(text: string): boolean {
  return CLOSING.test(text.normalize("NFKC").trim());
}
