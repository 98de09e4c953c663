import { type TurnContext, InputHints, MessageFactory } from "botbuilder";
import {
  type Choice,
  type FoundChoice,
  ListStyle,
  Prompt,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidatorContext,
  ChoicePrompt,
  recognizeChoices,
  TextPrompt,
  type WaterfallStepContext,
  type DialogTurnResult,
} from "botbuilder-dialogs";
import { normaliseAccountLast4, normaliseIdLast4 } from "../src/accounts/index.js";
import type { Locale } from "../src/domain/classification.js";
import { t } from "../src/i18n/catalog.js";
import { SYNONYMS } from "../src/i18n/synonyms.js";
import { parseAmount } from "../src/parsing/amount.js";
import { ACCOUNT_LAST4_PROMPT, AMOUNT_PROMPT, CHOICE_PROMPT, FREE_TEXT_PROMPT, ID_LAST4_PROMPT } from "./ids.js";
import { localeFor, text } from "./services.js";

/** An amount prompt: the answer is parsed deterministically (src/parsing/amount.ts) to minor units. */
export class AmountPrompt extends Prompt<number> {
  constructor(id: string) {
    super(id);
  }

  protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity !== undefined) await context.sendActivity(activity, undefined, InputHints.ExpectingInput);
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<number>> {
    const value = parseAmount(context.activity.text ?? "");
    return value === null ? { succeeded: false } : { succeeded: true, value };
  }
}

const accountLast4Valid = async (pc: PromptValidatorContext<string>): Promise<boolean> =>
  pc.recognized.succeeded && normaliseAccountLast4(pc.recognized.value ?? "") !== null;
const idLast4Valid = async (pc: PromptValidatorContext<string>): Promise<boolean> =>
  pc.recognized.succeeded && normaliseIdLast4(pc.recognized.value ?? "") !== null;

/** The prompts every step dialog uses, under the same ids (each component has its own set). */
export function standardPrompts(): Array<Prompt<unknown>> {
  return [
    new ChoicePromptWithCulture(CHOICE_PROMPT) as Prompt<unknown>,
    new AmountPrompt(AMOUNT_PROMPT) as Prompt<unknown>,
    new TextPrompt(ACCOUNT_LAST4_PROMPT, accountLast4Valid) as Prompt<unknown>,
    new TextPrompt(ID_LAST4_PROMPT, idLast4Valid) as Prompt<unknown>,
    new TextPrompt(FREE_TEXT_PROMPT) as Prompt<unknown>,
  ];
}

/** A choice prompt whose fallback culture follows our two locales. */
class ChoicePromptWithCulture extends ChoicePrompt {
  constructor(id: string) {
    super(id, undefined, "en-us");
    this.recognizerOptions = { recognizeOrdinals: true, recognizeNumbers: true };
  }
}

/** A button the borrower can press: its catalog key names the label; `key` is what the step gets back. */
export interface Option<K extends string> {
  key: K;
  labelKey: string;
  labelParams?: Record<string, string | number>;
}

function culture(locale: Locale): string {
  return locale === "zh-CN" ? "zh-cn" : "en-us";
}

/** Choices with the label in this locale, the other locale's label and the synonyms as alternatives. */
export function choicesFor<K extends string>(locale: Locale, options: readonly Option<K>[]): Choice[] {
  return options.map((o) => {
    const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
    return {
      value: t(locale, o.labelKey, o.labelParams),
      synonyms: [t(other, o.labelKey, o.labelParams), ...(SYNONYMS[o.labelKey] ?? [])],
    };
  });
}

/** Asks a question with buttons; the next step reads the answer with `chosen`. */
export async function askChoice<K extends string>(
  step: WaterfallStepContext,
  questionKey: string,
  options: readonly Option<K>[],
  params?: Record<string, string | number>,
): Promise<DialogTurnResult> {
  const locale = localeFor(step.context);
  const question = text(step.context, questionKey, params);
  return step.prompt(CHOICE_PROMPT, {
    prompt: question,
    retryPrompt: `${text(step.context, "choice.retry")}\n\n${question}`,
    choices: choicesFor(locale, options),
    style: ListStyle.suggestedAction,
  });
}

/** The key of the option the borrower picked. */
export function chosen<K extends string>(result: unknown, options: readonly Option<K>[]): K | undefined {
  const found = result as FoundChoice | undefined;
  return found && typeof found.index === "number" ? options[found.index]?.key : undefined;
}

/** Asks for an amount; the re-ask shows an example. */
export async function askAmount(step: WaterfallStepContext, questionKey: string, retryKey: string): Promise<DialogTurnResult> {
  return step.prompt(AMOUNT_PROMPT, { prompt: text(step.context, questionKey), retryPrompt: text(step.context, retryKey) });
}

/** Whether this text is a usable answer to the given prompt, without any model (the interruption check asks first). */
export function recognisedBy(promptId: string, utterance: string, options: PromptOptions | undefined, locale: Locale): boolean {
  const trimmed = utterance.trim();
  if (trimmed.length === 0) return false;
  switch (promptId) {
    case AMOUNT_PROMPT:
      return parseAmount(trimmed) !== null;
    case ACCOUNT_LAST4_PROMPT:
      return normaliseAccountLast4(trimmed) !== null;
    case ID_LAST4_PROMPT:
      return normaliseIdLast4(trimmed) !== null;
    case CHOICE_PROMPT:
      return (
        recognizeChoices(trimmed, (options?.choices ?? []) as Choice[], {
          locale: culture(locale),
          recognizeNumbers: true,
          recognizeOrdinals: true,
        }).length > 0
      );
    default:
      return false;
  }
}

/** Whether a prompt takes free text (its answer is understood by the classifier, and is always usable). */
export function isFreeTextPrompt(promptId: string | undefined): boolean {
  return promptId === FREE_TEXT_PROMPT;
}

/** A message with buttons (used by the repair guard). */
export function withButtons(message: string, buttons: string[]) {
  return MessageFactory.suggestedActions(buttons, message);
}
