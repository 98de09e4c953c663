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
  TextPrompt,
  type WaterfallStepContext,
  type DialogTurnResult,
} from "botbuilder-dialogs";
import { normaliseAccountLast4, normaliseIdLast4 } from "../src/accounts/index.js";
import { sameWords, yesNo } from "../src/i18n/answers.js";
import { readAmountAnswer, type AmountAnswer, type Cautious } from "../src/parsing/amountAnswer.js";
import { parseDuration } from "../src/parsing/duration.js";
import type { Locale } from "../src/domain/classification.js";
import { t } from "../src/i18n/catalog.js";
import { SYNONYMS } from "../src/i18n/synonyms.js";
import { ACCOUNT_LAST4_PROMPT, AMOUNT_PROMPT, CHOICE_PROMPT, FREE_TEXT_PROMPT, ID_LAST4_PROMPT } from "./ids.js";
import { type DialogServices, localeFor, sessionOf, text, turnClassification } from "./services.js";

/**
 * An amount prompt: the answer is read deterministically (src/parsing/amountAnswer.ts) — one
 * amount, itemised costs summed, a range's cautious end, a weekly figure per month — never by a model.
 */
export class AmountPrompt extends Prompt<AmountAnswer> {
  constructor(id: string) {
    super(id);
  }

  protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
    if (activity !== undefined) await context.sendActivity(activity, undefined, InputHints.ExpectingInput);
  }

  protected async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<AmountAnswer>> {
    const value = readAmountAnswer(context.activity.text ?? "", cautiousOf(options));
    return value === null ? { succeeded: false } : { succeeded: true, value };
  }
}

/** How a choice prompt reads free words besides its labels (kept in the prompt's options: JSON). */
export type Reader = "labels" | "yesno" | "duration" | "reason";
interface ReaderOptions {
  reader?: Reader;
  cautious?: Cautious;
  /** The catalog keys of the options, in order (so a reader can map "yes"/"no" or a duration onto them). */
  keys?: string[];
  /** The reason reader: the classifier's confidence from which its reason picks an option (CLASSIFIER_MIN_CONFIDENCE). */
  minConfidence?: number;
}

function readerOf(options: Pick<PromptOptions, "validations"> | undefined): ReaderOptions {
  return (options?.validations ?? {}) as ReaderOptions;
}
function cautiousOf(options: Pick<PromptOptions, "validations"> | undefined): Cautious {
  return readerOf(options).cautious ?? "low";
}

/**
 * A choice prompt with no fuzzy matching (POLICY.md §6): an answer is one of the labels (or its
 * listed synonyms) exactly, after normalising width, case and punctuation — or, where the question
 * allows it, a plain yes/no, a duration in words, or the reason the classifier heard. Anything else
 * is not recognised, and the interruption check decides what it is.
 */
class StrictChoicePrompt extends ChoicePrompt {
  constructor(id: string) {
    super(id, undefined, "en-us");
  }

  protected override async onRecognize(context: TurnContext, _state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const index = strictIndex(context, options);
    if (index === null) return { succeeded: false };
    const choice = ((options.choices ?? []) as Choice[])[index];
    return { succeeded: true, value: { value: choice?.value ?? "", index, score: 1, synonym: choice?.value } };
  }
}

function strictIndex(context: TurnContext, options: Pick<PromptOptions, "choices" | "validations"> | undefined): number | null {
  const utterance = context.activity.text ?? "";
  const choices = (options?.choices ?? []) as Choice[];
  const exact = choices.findIndex((c) => sameWords(utterance, [c.value, ...(c.synonyms ?? [])]));
  if (exact >= 0) return exact;
  // The number of a button, alone ("2" for the second): exact, not fuzzy.
  const number = /^\s*([1-9])\s*$/.exec(utterance.normalize("NFKC"));
  if (number && Number(number[1]) <= choices.length) return Number(number[1]) - 1;
  const { reader, keys = [] } = readerOf(options);
  if (reader === "yesno") {
    const answer = yesNo(utterance);
    if (answer === null) return null;
    const i = keys.findIndex((k) => (answer === "yes" ? YES_KEYS.has(k) : NO_KEYS.has(k)));
    return i >= 0 ? i : null;
  }
  if (reader === "duration") {
    const duration = parseDuration(utterance);
    const i = duration === null ? -1 : keys.indexOf(`duration.${duration}`);
    return i >= 0 ? i : null;
  }
  if (reader === "reason") {
    const label = turnClassification(context);
    const i = label?.reason ? keys.indexOf(`reason.${label.reason}`) : -1;
    return i >= 0 && label && label.confidence >= (readerOf(options).minConfidence ?? 1) ? i : null;
  }
  return null;
}

/** Option keys that a "yes" or a "no" picks, in yes/no questions. */
const YES_KEYS = new Set(["button.yes", "summary.confirm", "disclosure.continue"]);
const NO_KEYS = new Set(["button.no", "hardship.noChoose", "summary.correct"]);

const accountLast4Valid = async (pc: PromptValidatorContext<string>): Promise<boolean> =>
  pc.recognized.succeeded && normaliseAccountLast4(pc.recognized.value ?? "") !== null;
const idLast4Valid = async (pc: PromptValidatorContext<string>): Promise<boolean> =>
  pc.recognized.succeeded && normaliseIdLast4(pc.recognized.value ?? "") !== null;

/** The prompts every step dialog uses, under the same ids (each component has its own set). */
export function standardPrompts(): Array<Prompt<unknown>> {
  return [
    new StrictChoicePrompt(CHOICE_PROMPT) as Prompt<unknown>,
    new AmountPrompt(AMOUNT_PROMPT) as Prompt<unknown>,
    new TextPrompt(ACCOUNT_LAST4_PROMPT, accountLast4Valid) as Prompt<unknown>,
    new TextPrompt(ID_LAST4_PROMPT, idLast4Valid) as Prompt<unknown>,
    new TextPrompt(FREE_TEXT_PROMPT) as Prompt<unknown>,
  ];
}


/** A button the borrower can press: its catalog key names the label; `key` is what the step gets back. */
export interface Option<K extends string> {
  key: K;
  labelKey: string;
  labelParams?: Record<string, string | number>;
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

/**
 * Every question goes through here: the prompt is begun and our own record of it is kept in the
 * session (POLICY.md §6 needs to know, at every message, what was asked — without reading the
 * prompt's internal state).
 */
export async function promptWith(services: DialogServices, step: WaterfallStepContext, promptId: string, options: PromptOptions): Promise<DialogTurnResult> {
  const session = await sessionOf(services, step.context);
  const textOf = (a: unknown) => (typeof a === "string" ? a : typeof (a as { text?: unknown } | undefined)?.text === "string" ? String((a as { text: string }).text) : "");
  session.prompt = {
    id: promptId,
    choices: ((options.choices ?? []) as Choice[]).map((c) => ({ value: c.value, ...(c.synonyms ? { synonyms: [...c.synonyms] } : {}) })),
    validations: (options.validations ?? {}) as Record<string, unknown>,
    again: textOf(options.retryPrompt) || textOf(options.prompt),
  };
  return step.prompt(promptId, options);
}

/** Asks a question with buttons; the next step reads the answer with `chosen`. */
export async function askChoice<K extends string>(
  services: DialogServices,
  step: WaterfallStepContext,
  questionKey: string,
  options: readonly Option<K>[],
  params?: Record<string, string | number>,
  reader: Reader = "labels",
): Promise<DialogTurnResult> {
  const locale = localeFor(step.context);
  const question = text(step.context, questionKey, params);
  return promptWith(services, step, CHOICE_PROMPT, {
    prompt: question,
    retryPrompt: `${text(step.context, "choice.retry")}\n\n${question}`,
    choices: choicesFor(locale, options),
    style: ListStyle.suggestedAction,
    validations: { reader, keys: options.map((o) => o.labelKey), ...(reader === "reason" ? { minConfidence: services.minConfidence } : {}) } satisfies ReaderOptions,
  });
}

/** The key of the option the borrower picked. */
export function chosen<K extends string>(result: unknown, options: readonly Option<K>[]): K | undefined {
  const found = result as FoundChoice | undefined;
  return found && typeof found.index === "number" ? options[found.index]?.key : undefined;
}

/** Asks for an amount; the re-ask shows an example. */
export async function askAmount(
  services: DialogServices,
  step: WaterfallStepContext,
  questionKey: string,
  retryKey: string,
  cautious: Cautious = "low",
): Promise<DialogTurnResult> {
  return promptWith(services, step, AMOUNT_PROMPT, {
    prompt: text(step.context, questionKey),
    retryPrompt: text(step.context, retryKey),
    validations: { cautious } satisfies ReaderOptions,
  });
}

/** Whether this turn's text is a usable answer to the given prompt (the interruption check asks first). */
export function recognisedBy(promptId: string, context: TurnContext, options: Pick<PromptOptions, "choices" | "validations"> | undefined): boolean {
  const trimmed = (context.activity.text ?? "").trim();
  if (trimmed.length === 0) return false;
  switch (promptId) {
    case AMOUNT_PROMPT:
      return readAmountAnswer(trimmed, cautiousOf(options)) !== null;
    case ACCOUNT_LAST4_PROMPT:
      return normaliseAccountLast4(trimmed) !== null;
    case ID_LAST4_PROMPT:
      return normaliseIdLast4(trimmed) !== null;
    case CHOICE_PROMPT:
      return strictIndex(context, options) !== null;
    default:
      return false;
  }
}

/** Whether a prompt takes free text (its answer is understood by the classifier, and is always usable). */
export function isFreeTextPrompt(promptId: string | undefined): boolean {
  return promptId === FREE_TEXT_PROMPT;
}

/** What a card button sends besides its words: which action, and the token of the card it is on. */
export interface ButtonValue {
  xs: "choose" | "agree" | "back";
  token: string;
  n?: number;
}

/** The value of a pressed card button (messageBack), or null for typed words. */
export function buttonValue(context: TurnContext): ButtonValue | null {
  const v = context.activity.value as Partial<ButtonValue> | undefined;
  if (!v || typeof v !== "object" || typeof v.xs !== "string" || typeof v.token !== "string") return null;
  if (v.xs !== "choose" && v.xs !== "agree" && v.xs !== "back") return null;
  return { xs: v.xs, token: v.token, ...(typeof v.n === "number" && Number.isInteger(v.n) ? { n: v.n } : {}) };
}

/** A card button that sends its words and a value (the value says which card it belongs to). */
export function cardButton(title: string, value: ButtonValue) {
  return { type: "messageBack", title, text: title, displayText: title, value };
}

/** A message with buttons (used by the repair guard). */
export function withButtons(message: string, buttons: string[]) {
  return MessageFactory.suggestedActions(buttons, message);
}
