import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import { CONVERSATION_ESCALATIONS } from "./escalations.js";
import { DISCLOSURE_DIALOG } from "./ids.js";
import { askChoice, chosen, type Option } from "./prompts.js";
import { type DialogServices, sessionOf, text } from "./services.js";
import { StepDialog } from "./stepDialog.js";

const OPTIONS: readonly Option<"continue" | "person">[] = [
  { key: "continue", labelKey: "disclosure.continue" },
  { key: "person", labelKey: "button.person" },
];

/** Disclosure first (POLICY.md §6): an automated assistant, the chat is recorded, a person any time. */
export class DisclosureDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(DISCLOSURE_DIALOG, services);
    this.waterfall([this.discloseStep.bind(this), this.acknowledgeStep.bind(this)]);
  }

  /** Greets, says what this is, and offers a person straight away. */
  private async discloseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(text(step.context, "greeting.hello"));
    return askChoice(this.services, step, "disclosure.text", OPTIONS);
  }

  /** Continues, or hands over when the borrower picked the person button by number. */
  private async acknowledgeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (chosen(step.result, OPTIONS) === "person") return this.handOver(step, CONVERSATION_ESCALATIONS.requested);
    (await sessionOf(this.services, step.context)).disclosed = true;
    return step.endDialog();
  }
}
