import { MessageFactory } from "botbuilder";
import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { promptWith } from "./prompts.js";
import { ACCOUNT_LAST4_PROMPT, ID_LAST4_PROMPT, VERIFY_IDENTITY_DIALOG, WATERFALL } from "./ids.js";
import { type DialogServices, localeFor, sessionOf, text } from "./services.js";
import { StepDialog, stepValues } from "./stepDialog.js";
import { t } from "../src/i18n/catalog.js";

interface VerifyValues {
  /** The account digits between the two questions, sealed (never in dialog state in clear). */
  accountSealed: string | undefined;
}

/** Verifications allowed before a person takes over (POLICY.md §6). */
export const MAX_VERIFY_FAILURES = 3;

/** What the bot shows for the account: never the digits the borrower typed to verify (POLICY.md §8). */
export const MASKED_LAST4 = "****";

/**
 * Identity before account details or offers: the last 4 digits of the card / loan account number
 * and the last 4 characters of the ID card (身份证后四位). Three failures in a conversation hand
 * over (identity_unverified); five failures for one account within 24 hours lock self-service
 * verification for it (shared across instances; the borrower is offered a person and nothing
 * says which answer was wrong). The typed values are never logged or stored: each question marks
 * the conversation so its answer is stored as a placeholder, and the account digits wait for the
 * second answer sealed.
 */
export class VerifyIdentityDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(VERIFY_IDENTITY_DIALOG, services);
    this.waterfall([this.accountStep.bind(this), this.idStep.bind(this), this.checkStep.bind(this)]);
  }

  /** Asks for the last 4 digits of the account number. */
  private async accountStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, step.context);
    if (session.verified) return step.endDialog(session.verified);
    if (session.verifyFailures === 0 && !(step.options as { retry?: boolean } | undefined)?.retry) {
      await step.context.sendActivity(text(step.context, "verify.intro"));
    }
    await this.services.verification.markers.set(step.context.activity.conversation.id, "account");
    return promptWith(this.services, step, ACCOUNT_LAST4_PROMPT, {
      prompt: text(step.context, "verify.askAccount"),
      retryPrompt: text(step.context, "verify.askAccountRetry"),
    });
  }

  /** Asks for the last 4 characters of the ID card. */
  private async idStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    stepValues<VerifyValues>(step).accountSealed = this.services.verification.secrets.seal(String(step.result ?? ""));
    await this.services.verification.markers.set(step.context.activity.conversation.id, "id");
    return promptWith(this.services, step, ID_LAST4_PROMPT, { prompt: text(step.context, "verify.askId"), retryPrompt: text(step.context, "verify.askIdRetry") });
  }

  /** Checks both against the directory (unless the account is locked): verified, try again, or a person. */
  private async checkStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { secrets, lockout, markers } = this.services.verification;
    const values = stepValues<VerifyValues>(step);
    const accountLast4 = secrets.open(String(values.accountSealed ?? "")) ?? "";
    const idLast4 = String(step.result ?? "");
    delete values.accountSealed; // not kept in dialog state any longer than needed
    await markers.clear(step.context.activity.conversation.id);
    const claimKey = secrets.claimKey(accountLast4);
    const session = await sessionOf(this.services, step.context);
    if (await lockout.isLocked(claimKey)) {
      // Not compared at all: the lock says nothing about whether these answers were right.
      session.verifyFailures += 1;
      if (session.verifyFailures >= MAX_VERIFY_FAILURES) return this.handOver(step, CONVERSATION_ESCALATIONS.unverified);
      const locale = localeFor(step.context);
      await step.context.sendActivity(MessageFactory.suggestedActions([t(locale, "button.person")], t(locale, "verify.locked")));
      return step.replaceDialog(WATERFALL, { retry: true });
    }
    const verified = await this.services.accounts.verify({ accountLast4, idLast4 });
    if (verified) {
      session.verified = { ...verified, accountLast4: MASKED_LAST4 };
      session.verifiedAt = this.services.now().toISOString();
      const locale = localeFor(step.context);
      await step.context.sendActivity(
        t(locale, "verify.ok", { product: t(locale, `product.${verified.account.product}`) }),
      );
      return step.endDialog(session.verified);
    }
    await lockout.recordFailure(claimKey);
    session.verifyFailures += 1;
    if (session.verifyFailures >= MAX_VERIFY_FAILURES) return this.handOver(step, CONVERSATION_ESCALATIONS.unverified);
    await step.context.sendActivity(text(step.context, "verify.failed", { left: MAX_VERIFY_FAILURES - session.verifyFailures }));
    return step.replaceDialog(WATERFALL, { retry: true });
  }
}
