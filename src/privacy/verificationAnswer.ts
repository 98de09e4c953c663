import { localeOf, t } from "../i18n/catalog.js";
import type { VerificationStage } from "../store/types.js";
import { normaliseAccountLast4, normaliseIdLast4 } from "../accounts/index.js";

/** Digits (full-width too, after NFKC) with the spaces, dashes and final X a typed number may carry. */
const DIGIT_RUN = /\d(?:[\d\s-]*[\dXx])?/g;

/**
 * The text to keep for a message typed at a verification question (POLICY.md §8): an answer
 * becomes the placeholder ("[核验信息]" / "[verification answer]"); anything else keeps its
 * words, but every run of digits in it becomes the placeholder too ("我的卡号后四位是8801" →
 * "我的卡号后四位是[核验信息]"). Null when nothing needs hiding.
 */
export function redactedAnswerText(text: string, stage: VerificationStage, locale: string | undefined): string | null {
  const placeholder = t(localeOf(locale), "verify.answerPlaceholder");
  const answer = stage === "account" ? normaliseAccountLast4(text) : normaliseIdLast4(text);
  if (answer !== null) return placeholder;
  const normalised = text.normalize("NFKC");
  const masked = normalised.replace(DIGIT_RUN, placeholder);
  return masked === normalised ? null : masked;
}

/**
 * The copy of an inbound activity to store (transcript, echo, handoff copies) when the
 * conversation waits on a verification answer: the text redacted as above and any card `value`
 * dropped. The activity the bot's turn sees keeps what the borrower typed.
 */
export function redactVerificationAnswer<T extends Record<string, unknown>>(activity: T, stage: VerificationStage | null): T {
  if (stage === null || activity.type !== "message") return activity;
  const copy: Record<string, unknown> = { ...activity };
  if (typeof activity.text === "string") {
    const text = redactedAnswerText(activity.text, stage, typeof activity.locale === "string" ? activity.locale : undefined);
    if (text !== null) copy.text = text;
  }
  if ("value" in copy) delete copy.value;
  return copy as T;
}
