import type { DialogTurnResult, WaterfallStepContext } from "botbuilder-dialogs";
import type { Hardship } from "../src/domain/case.js";
import { t } from "../src/i18n/catalog.js";
import { DURATION_OPTIONS, type Field, REASON_OPTIONS, YES_NO } from "./fields.js";
import { FREE_TEXT_PROMPT, HARDSHIP_DIALOG } from "./ids.js";
import { askAmount, askChoice, chosen, promptWith, type Option } from "./prompts.js";
import type { AmountAnswer } from "../src/parsing/amountAnswer.js";
import { formatMoney } from "../src/i18n/money.js";
import { type DialogServices, classifyTurn, localeFor, sessionOf, text } from "./services.js";
import { StepDialog, stepValues } from "./stepDialog.js";

interface HardshipValues {
  /** Fields already known when the intake began (after a hand-back or a correction): not asked again. */
  known: Field[];
  asked: Asked | undefined;
  unsure: boolean;
  suggested: Hardship["reason"];
}

export interface HardshipOptions {
  /** Ask only this field again (a correction from the summary). */
  only?: Field;
}

type Asked = "story" | "confirm" | "reason" | "duration" | "income" | "expenses" | "affordable" | "willing";
const ASKED_FIELD: Record<Asked, Field> = {
  story: "reason",
  confirm: "reason",
  reason: "reason",
  duration: "duration",
  income: "income",
  expenses: "expenses",
  affordable: "affordable",
  willing: "willing",
};

const CONFIRM_REASON: readonly Option<"yes" | "no">[] = [
  { key: "yes", labelKey: "button.yes" },
  { key: "no", labelKey: "hardship.noChoose" },
];

const values = (step: WaterfallStepContext) => stepValues<HardshipValues>(step);

/** Each field and the fact it fills. */
const KNOWN_FIELDS: ReadonlyArray<readonly [Field, keyof Hardship]> = [
  ["reason", "reason"],
  ["duration", "expectedDuration"],
  ["income", "monthlyIncomeMinor"],
  ["expenses", "essentialExpensesMinor"],
  ["affordable", "affordableMonthlyMinor"],
  ["willing", "willingToRepay"],
];

/**
 * Hardship intake: what happened (free text → classifier → the reason confirmed, or picked from
 * the list), how long it may last, income, essential expenses, what they can afford, willingness.
 * Each answer is written to the session as soon as it is given (a handoff carries the facts so far).
 */
export class HardshipDialog extends StepDialog {
  constructor(services: DialogServices) {
    super(HARDSHIP_DIALOG, services);
    this.waterfall([
      this.storyStep.bind(this),
      this.confirmReasonStep.bind(this),
      this.pickReasonStep.bind(this),
      this.durationStep.bind(this),
      this.incomeStep.bind(this),
      this.expensesStep.bind(this),
      this.affordableStep.bind(this),
      this.willingStep.bind(this),
      this.doneStep.bind(this),
    ]);
  }

  /** Asks what happened, in the borrower's own words (fields already known are not asked again). */
  private async storyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const known = await sessionOf(this.services, step.context);
    values(step).known = KNOWN_FIELDS.filter(([, key]) => known.facts[key] !== undefined).map(([field]) => field);
    if (!this.wants(step, "reason")) return step.next();
    return this.ask(step, "story", () => promptWith(this.services, step, FREE_TEXT_PROMPT, { prompt: text(step.context, "hardship.askWhatHappened") }));
  }

  /** Suggests the reason the classifier heard (when confident) for the borrower to confirm. */
  private async confirmReasonStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked !== "story") return step.next();
    const label = await classifyTurn(this.services, step.context);
    if (label.reason === null || label.confidence < this.services.minConfidence) {
      values(step).unsure = true;
      return step.next();
    }
    values(step).suggested = label.reason;
    const reason = t(localeFor(step.context), `reason.${label.reason}`);
    return this.ask(step, "confirm", () => askChoice(this.services, step, "hardship.confirmReason", CONFIRM_REASON, { reason }, "yesno"));
  }

  /** Records a confirmed suggestion, or shows the list of reasons. */
  private async pickReasonStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "confirm" && chosen(step.result, CONFIRM_REASON) === "yes") {
      await this.save(step, { reason: values(step).suggested as Hardship["reason"] });
      return step.next();
    }
    if (!this.wants(step, "reason")) return step.next();
    const question = values(step).unsure ? "hardship.pickReasonUnsure" : "hardship.pickReason";
    return this.ask(step, "reason", () => askChoice(this.services, step, question, REASON_OPTIONS, undefined, "reason"));
  }

  /** Records the reason picked from the list; asks how long it may last. */
  private async durationStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "reason") await this.save(step, { reason: chosen(step.result, REASON_OPTIONS) });
    if (!this.wants(step, "duration")) return step.next();
    return this.ask(step, "duration", () => askChoice(this.services, step, "hardship.askDuration", DURATION_OPTIONS, undefined, "duration"));
  }

  /** Records the duration; asks for monthly income. */
  private async incomeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "duration") await this.save(step, { expectedDuration: chosen(step.result, DURATION_OPTIONS) });
    if (!this.wants(step, "income")) return step.next();
    return this.ask(step, "income", () => askAmount(this.services, step, "hardship.askIncome", "hardship.askIncomeRetry"));
  }

  /** Records income; asks for essential expenses. */
  private async expensesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "income") await this.save(step, { monthlyIncomeMinor: await this.amount(step, "income") });
    if (!this.wants(step, "expenses")) return step.next();
    // Of a range of costs, the higher end is the cautious one.
    return this.ask(step, "expenses", () => askAmount(this.services, step, "hardship.askExpenses", "hardship.askExpensesRetry", "high"));
  }

  /** Records expenses; asks what they can afford each month. */
  private async affordableStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "expenses") await this.save(step, { essentialExpensesMinor: await this.amount(step, "expenses") });
    if (!this.wants(step, "affordable")) return step.next();
    return this.ask(step, "affordable", () => askAmount(this.services, step, "hardship.askAffordable", "hardship.askAffordableRetry"));
  }

  /** Records what they can afford; asks whether they are willing to repay through a plan. */
  private async willingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "affordable") await this.save(step, { affordableMonthlyMinor: await this.amount(step, "affordable") });
    if (!this.wants(step, "willing")) return step.next();
    return this.ask(step, "willing", () => askChoice(this.services, step, "hardship.askWilling", YES_NO, undefined, "yesno"));
  }

  /** Records willingness and returns the facts. */
  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).asked === "willing") await this.save(step, { willingToRepay: chosen(step.result, YES_NO) === "yes" });
    const session = await sessionOf(this.services, step.context);
    return step.endDialog(session.facts);
  }

  /** This field is asked: the one a correction names, or (in the intake) each one not yet known. */
  private wants(step: WaterfallStepContext, field: Field): boolean {
    const only = (step.options as HardshipOptions | undefined)?.only;
    if (only !== undefined) return only === field;
    return !(values(step).known ?? []).includes(field);
  }

  private async ask(step: WaterfallStepContext, asked: Asked, prompt: () => Promise<DialogTurnResult>): Promise<DialogTurnResult> {
    values(step).asked = asked;
    (await sessionOf(this.services, step.context)).asking = ASKED_FIELD[asked];
    return prompt();
  }

  /** The amount answered, said back when it was not one plain amount (a sum, a range's end, a weekly figure). */
  private async amount(step: WaterfallStepContext, field: "income" | "expenses" | "affordable"): Promise<number> {
    const answer = step.result as AmountAnswer;
    const locale = localeFor(step.context);
    const money = (minor: number) => formatMoney(minor, locale);
    const name = t(locale, `field.${field}`);
    if (answer.how === "sum") await step.context.sendActivity(t(locale, "amount.sum", { field: name, amount: money(answer.minor) }));
    if (answer.how === "range") {
      await step.context.sendActivity(t(locale, `amount.range.${field === "expenses" ? "high" : "low"}`, { field: name, amount: money(answer.minor), low: money(answer.low), high: money(answer.high) }));
    }
    if (answer.how === "converted") {
      await step.context.sendActivity(t(locale, `amount.converted.${answer.period}`, { field: name, amount: money(answer.minor), each: money(answer.perPeriod) }));
    }
    return answer.minor;
  }

  private async save(step: WaterfallStepContext, facts: Partial<Hardship>): Promise<void> {
    values(step).asked = undefined;
    const session = await sessionOf(this.services, step.context);
    session.asking = null;
    for (const [key, value] of Object.entries(facts)) {
      if (value !== undefined) Object.assign(session.facts, { [key]: value });
    }
  }
}
