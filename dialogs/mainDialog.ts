import { type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from "botbuilder-dialogs";
import type { VerifiedAccount } from "../src/accounts/index.js";
import { DisclosureDialog } from "./disclosureDialog.js";
import { HardshipDialog, type HardshipOptions } from "./hardshipDialog.js";
import {
  DISCLOSURE_DIALOG,
  HARDSHIP_DIALOG,
  MAIN_DIALOG,
  MAIN_WATERFALL,
  OFFERS_DIALOG,
  REVIEW_WATERFALL,
  SUMMARY_DIALOG,
  VERIFY_IDENTITY_DIALOG,
} from "./ids.js";
import { InterruptibleDialog } from "./interruptibleDialog.js";
import { OffersDialog } from "./offersDialog.js";
import type { DialogServices } from "./services.js";
import { localeFor, sessionOf } from "./services.js";
import { t } from "../src/i18n/catalog.js";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { handedOver, stepValues } from "./stepDialog.js";
import { SummaryDialog, type SummaryResult } from "./summaryDialog.js";
import { VerifyIdentityDialog } from "./verifyIdentityDialog.js";

interface ReviewValues {
  deciding: boolean;
}

/**
 * The router (POLICY.md §6 flow): disclosure → verify identity → hardship intake → summary
 * (confirm or correct, looping) → offers and agreement. Interruptions come from the base dialog.
 */
export class MainDialog extends InterruptibleDialog {
  protected readonly restartDialogId = MAIN_WATERFALL;

  constructor(services: DialogServices) {
    super(MAIN_DIALOG, services);
    this.addDialog(new DisclosureDialog(services));
    this.addDialog(new VerifyIdentityDialog(services));
    this.addDialog(new HardshipDialog(services));
    this.addDialog(new SummaryDialog(services));
    this.addDialog(new OffersDialog(services));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        this.disclosureStep.bind(this),
        this.verifyStep.bind(this),
        this.intakeStep.bind(this),
        this.reviewStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(REVIEW_WATERFALL, [this.summaryStep.bind(this), this.correctOrDecideStep.bind(this), this.loopStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Disclosure (skipped on "start over": it was already given in this conversation). */
  private async disclosureStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, step.context);
    if (session.disclosed) return step.next();
    return step.beginDialog(DISCLOSURE_DIALOG);
  }

  /** Identity check (skipped when already verified in this conversation). */
  private async verifyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (handedOver(step.result)) return step.endDialog();
    return step.beginDialog(VERIFY_IDENTITY_DIALOG);
  }

  /** Hardship intake, once verified — unless the account already has an arrangement (a second one needs a person, §5a). */
  private async intakeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const verified = step.result as VerifiedAccount | undefined;
    if (handedOver(step.result) || !verified) return step.endDialog();
    const active = (await this.services.agreements.listByAccount(verified.accountId)).filter((a) => a.status !== "rejected").at(-1);
    if (active) {
      const locale = localeFor(step.context);
      await step.context.sendActivity(t(locale, "arrangement.active", { id: active.id, status: t(locale, `status.${active.status}`) }));
      return this.handOver(step, CONVERSATION_ESCALATIONS.existingArrangement);
    }
    return step.beginDialog(HARDSHIP_DIALOG, {} satisfies HardshipOptions);
  }

  /** Summary, corrections and offers. */
  private async reviewStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (handedOver(step.result)) return step.endDialog();
    return step.beginDialog(REVIEW_WATERFALL);
  }

  /** Reads the facts back. */
  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(SUMMARY_DIALOG);
  }

  /** Confirmed → offers; otherwise asks the one field again. */
  private async correctOrDecideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SummaryResult;
    if (result.confirmed) {
      stepValues<ReviewValues>(step).deciding = true;
      return step.beginDialog(OFFERS_DIALOG);
    }
    return step.beginDialog(HARDSHIP_DIALOG, { only: result.correct } satisfies HardshipOptions);
  }

  /** After offers the flow ends; after a correction the summary is shown again. */
  private async loopStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (stepValues<ReviewValues>(step).deciding || handedOver(step.result)) return step.endDialog(step.result);
    return step.replaceDialog(REVIEW_WATERFALL);
  }
}
