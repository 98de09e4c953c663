import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { ACCOUNT_LAST4_PROMPT, ID_LAST4_PROMPT, VERIFY_IDENTITY_DIALOG, WATERFALL } from "./ids.js";
import { type DialogServices, localeFor, sessionOf, text } from "./services.js";
import { StepDialog, stepValues } from "./stepDialog.js";
import { t } from "../src/i18n/catalog.js";

interface VerifyValues {
  accountLast4: string | undefined;
}

/** Verifications allowed before a person takes over (POLICY.md §6). */
export const MAX_VERIFY_FAILURES = 3;

/**
 * Identity before account details or offers: the last 4 digits of the card / loan account number
 * and the last 4 characters of the ID card (身份证后四位). Three failures hand over
 * (identity_unverified). The typed values are never logged or stored.
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
    return step.prompt(ACCOUNT_LAST4_PROMPT, {
      prompt: text(step.context, "verify.askAccount"),
      retryPrompt: text(step.context, "verify.askAccountRetry"),
    });
  }

  /** Asks for the last 4 characters of the ID card. */
  private async idStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    stepValues<VerifyValues>(step).accountLast4 = step.result;
    return step.prompt(ID_LAST4_PROMPT, { prompt: text(step.context, "verify.askId"), retryPrompt: text(step.context, "verify.askIdRetry") });
  }

  /** Checks both against the directory: verified, try again, or a person after the third failure. */
  private async checkStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const accountLast4 = String(stepValues<VerifyValues>(step).accountLast4 ?? "");
    const idLast4 = String(step.result ?? "");
    delete stepValues<VerifyValues>(step).accountLast4; // not kept in dialog state any longer than needed
    const verified = await this.services.accounts.verify({ accountLast4, idLast4 });
    const session = await sessionOf(this.services, step.context);
    if (verified) {
      session.verified = verified;
      session.verifiedAt = this.services.now().toISOString();
      const locale = localeFor(step.context);
      await step.context.sendActivity(
        t(locale, "verify.ok", { product: t(locale, `product.${verified.account.product}`), last4: verified.accountLast4 }),
      );
      return step.endDialog(verified);
    }
    session.verifyFailures += 1;
    if (session.verifyFailures >= MAX_VERIFY_FAILURES) return this.handOver(step, CONVERSATION_ESCALATIONS.unverified);
    await step.context.sendActivity(text(step.context, "verify.failed", { left: MAX_VERIFY_FAILURES - session.verifyFailures }));
    return step.replaceDialog(WATERFALL, { retry: true });
  }
}
