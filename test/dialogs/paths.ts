import type { Locale } from "../../src/domain/classification.js";
import { t } from "../../src/i18n/catalog.js";
import type { Conversation } from "../support/conversation.js";

/** One step of the card holder's conversation: what the bot is asking, and the answer that moves on. */
export interface Step {
  /** The step's name (and the catalog key of its question). */
  asks: string;
  answer: (locale: Locale) => string;
}

const say = (key: string, params?: Record<string, string | number>) => (locale: Locale) => t(locale, key, params);
const fixed = (text: string) => () => text;

/** The credit-card holder (8801 / 1234), medical, 3–12 months, 6000 / 4000 / 1500, willing. */
export const CARD_STEPS: readonly Step[] = [
  { asks: "disclosure.text", answer: say("disclosure.continue") },
  { asks: "verify.askAccount", answer: fixed("8801") },
  { asks: "verify.askId", answer: fixed("1234") },
  { asks: "hardship.askWhatHappened", answer: (l) => (l === "zh-CN" ? "我住院了两个星期，没法上班" : "I was in hospital for two weeks and couldn't work") },
  { asks: "hardship.confirmReason", answer: say("button.yes") },
  { asks: "hardship.askDuration", answer: say("duration.3_to_12_months") },
  { asks: "hardship.askIncome", answer: fixed("6000") },
  { asks: "hardship.askExpenses", answer: fixed("4000") },
  { asks: "hardship.askAffordable", answer: fixed("1500") },
  { asks: "hardship.askWilling", answer: say("button.yes") },
  { asks: "summary.ask", answer: say("summary.confirm") },
  { asks: "offers.pick", answer: say("offers.choose", { n: 2 }) },
  { asks: "terms.ask", answer: say("terms.confirm") },
];

/** Joins and answers every step before `asks` (so the bot is waiting at that step). */
export async function reach(c: Conversation, asks: string, steps: readonly Step[] = CARD_STEPS): Promise<void> {
  await c.join();
  for (const step of steps) {
    if (step.asks === asks) return;
    await c.say(step.answer(c.locale));
  }
  throw new Error(`no step asks ${asks}`);
}

/** Answers the steps for a custom borrower: [answer, ...] in order from the start. */
export async function answerAll(c: Conversation, answers: readonly string[]): Promise<void> {
  await c.join();
  for (const answer of answers) await c.say(answer);
}
