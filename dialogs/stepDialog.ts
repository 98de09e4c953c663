import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStep, type WaterfallStepContext } from "botbuilder-dialogs";
import type { Escalation } from "../src/domain/decision.js";
import { WATERFALL } from "./ids.js";
import { standardPrompts } from "./prompts.js";
import { type DialogServices, sessionOf } from "./services.js";

/** What a step dialog returns when it handed the conversation to a person: the flow stops there. */
export const HANDED_OVER = Object.freeze({ handedOver: true as const });
export function handedOver(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { handedOver?: unknown }).handedOver === true;
}

/** A thin ComponentDialog: one waterfall of steps plus the standard prompts. */
export abstract class StepDialog extends ComponentDialog {
  protected constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
    for (const prompt of standardPrompts()) this.addDialog(prompt);
  }

  protected waterfall(steps: WaterfallStep[]): void {
    this.addDialog(new WaterfallDialog(WATERFALL, steps));
    this.initialDialogId = WATERFALL;
  }

  /** Hands over (messages, queue, notifier) and ends this dialog with HANDED_OVER. */
  protected async handOver(step: WaterfallStepContext, escalation: Escalation): Promise<DialogTurnResult> {
    const session = await sessionOf(this.services, step.context);
    await this.services.escalate(step.context, escalation, session.lastTrace);
    return step.endDialog(HANDED_OVER);
  }
}

/** A waterfall's per-run values, typed by the dialog that owns them. */
export function stepValues<T extends object>(step: WaterfallStepContext): Partial<T> {
  return step.values as Partial<T>;
}
