import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { FIELD_OPTIONS, type Field } from "./fields.js";
import { SUMMARY_DIALOG } from "./ids.js";
import { askChoice, chosen, type Option } from "./prompts.js";
import { summaryText } from "./render.js";
import { type DialogServices, localeFor, sessionOf } from "./services.js";
import { StepDialog } from "./stepDialog.js";

export type SummaryResult = { confirmed: true } | { confirmed: false; correct: Field };

const CONFIRM: readonly Option<"confirm" | "correct">[] = [
  { key: "confirm", labelKey: "summary.confirm" },
  { key: "correct", labelKey: "summary.correct" },
];

/** Reads back the confirmed facts; the borrower confirms them or picks one to correct. */
export class SummaryDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(SUMMARY_DIALOG, services);
    this.waterfall([this.showStep.bind(this), this.pickFieldStep.bind(this), this.doneStep.bind(this)]);
  }

  /** Shows the summary and asks whether it is right. */
  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, step.context);
    if (!session.verified) return step.endDialog({ confirmed: true } satisfies SummaryResult);
    session.reviewing = true;
    session.asking = null;
    await step.context.sendActivity(summaryText(localeFor(step.context), session.facts, session.verified));
    return askChoice(this.services, step, "summary.ask", CONFIRM, undefined, "yesno");
  }

  /** Confirmed: done; otherwise asks which fact to change. */
  private async pickFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (chosen(step.result, CONFIRM) === "confirm") return step.endDialog({ confirmed: true } satisfies SummaryResult);
    return askChoice(this.services, step, "summary.pickField", FIELD_OPTIONS);
  }

  /** Returns the field to ask again. */
  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const field = chosen(step.result, FIELD_OPTIONS) ?? "reason";
    return step.endDialog({ confirmed: false, correct: field } satisfies SummaryResult);
  }
}
