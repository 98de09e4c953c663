/**
 * How a borrower's short answer is read, in both languages at once, without any model and without
 * fuzzy matching (POLICY.md §6: consent is an explicit yes; when unsure, ask). Three readings:
 *
 * - `isPlainYes`: words that say yes and nothing else — the only words that may give consent.
 * - `yesNo`: an answer to a yes/no question: a plain yes or no, or a yes/no word that leads a
 *   sentence which adds no contrast ("对的，就是因为生病住院", "No, never mind"). Anything with a
 *   "but" in it is not sure, and is asked again.
 * - `sameWords`: the exact label of a button (after normalising width, case and punctuation).
 */

/** Case, width, quotes, punctuation and emoji out; inner spaces single. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, " ")
    .replace(/[\s。，、,.!！?？~～:：;；…"“”()（）[\]【】-]+/g, " ")
    .trim();
}

/** Whole answers that say yes and nothing else (consent, POLICY.md §6). */
const PLAIN_YES = new Set(
  [
    "是", "是的", "对", "对的", "好", "好的", "好啊", "好的好的", "嗯", "嗯嗯", "嗯好的", "可以", "可以的", "行", "行的", "没问题",
    "同意", "我同意", "同意的", "确认", "我确认", "确定", "接受", "我接受", "同意以上条款", "我同意以上条款", "我同意这些条款", "同意这个方案", "我同意这个方案",
    "yes", "y", "yeah", "yep", "yup", "yes please", "ok", "okay", "ok sure", "sure", "agree", "i agree", "agreed", "yes i agree", "yes agreed",
    "i accept", "accept", "accepted", "confirm", "i confirm", "confirmed", "yes i accept", "i agree to these terms", "i agree to the terms",
    "that's fine", "fine", "sounds good", "deal",
  ].map(normaliseAnswer),
);

const PLAIN_NO = new Set(
  [
    "否", "不", "不是", "不是的", "不对", "不对的", "不要", "不用", "不行", "没有", "不同意", "不愿意", "错", "错了", "不正确", "有错", "不太对",
    "no", "n", "nope", "nah", "no thanks", "no thank you", "not really", "not correct", "that's not correct", "incorrect", "wrong",
    "that's wrong", "not right", "that's not right", "it's not right", "no it's not", "no it isn't", "i disagree", "disagree", "i don't agree",
    "i do not agree",
  ].map(normaliseAnswer),
);

/** Words that lead a yes or a no (a sentence may follow: "对的，就是因为生病住院"). */
const LEADING_YES = /^(是的|是啊|是|对的|对啊|对|没错|嗯嗯|嗯|好的|好|可以|当然|愿意的|愿意|会的|yes|yeah|yep|yup|sure|of course|correct|right|definitely|absolutely)(?=$|[\s])/;
const LEADING_YES_ZH = /^(是的|是啊|对的|对啊|没错|嗯嗯|好的|当然|愿意的|愿意|会的|肯定)/;
const LEADING_NO = /^(不是|不对|不愿意|不要|不用|不行|没有|不|否|no|nope|nah|wrong|incorrect)(?=$|[\s])/;
const LEADING_NO_ZH = /^(不是|不对|不愿意|不要|不用|不行|不会)/;
/** A contrast or a condition makes a leading yes/no unsure ("yes but…", "对，不过…"). */
const CONTRAST = /(但是|但|不过|可是|只是|除了|除非|如果|要是|\bbut\b|\bexcept\b|\bhowever\b|\bunless\b|\bif\b|\bonly if\b|\balthough\b|\bthough\b|\bactually\b|其实)/;
/** Negation inside a sentence that leads with yes ("yes I don't …") is not sure either. */
const INNER_NEGATION = /(不|没|别|\bnot\b|n't|\bno\b|\bnever\b)/;

/**
 * A question or a trailing-off is not an answer: "agree?", "同意？", "好吗", "fine...", "嗯……".
 * Read on the raw text (normalising takes the marks out).
 */
const UNSURE = /[?？…]|\.\.|[吗么呢嘛][\s。.!！~～]*$/u;
/** Hedges: "not really", "不太对", "maybe" — a soft no is not a clear no. */
const HEDGE = /(\breally\b|\bmaybe\b|\bperhaps\b|\bkind of\b|\bsort of\b|\bnot sure\b|\bi guess\b|不太|有点|也许|可能|说不好|不知道|还好吧)/;
/** After a leading yes, an amount means a correction is being made ("对，收入是5000"), not a plain yes. */
const AMOUNT_AFTER = /\d|[零〇一二两三四五六七八九十百千万]+\s*(元|块|千|万|百)/;

/** Words that say yes and nothing else. */
export function isPlainYes(text: string): boolean {
  return !UNSURE.test(text) && PLAIN_YES.has(normaliseAnswer(text));
}

/** A no with no question, trailing-off or hedge in it: what closes a question about safety (§6). */
export function isSureNo(text: string): boolean {
  return !HEDGE.test(normaliseAnswer(text)) && yesNo(text) === "no";
}

/** A yes/no answer, or null when the words do not say which for sure. */
export function yesNo(text: string): "yes" | "no" | null {
  const norm = normaliseAnswer(text);
  if (norm.length === 0 || UNSURE.test(text)) return null;
  if (PLAIN_YES.has(norm)) return "yes";
  if (PLAIN_NO.has(norm)) return "no";
  if (CONTRAST.test(norm)) return null;
  const no = LEADING_NO.exec(norm) ?? LEADING_NO_ZH.exec(norm);
  if (no) return "no";
  const yes = LEADING_YES.exec(norm) ?? LEADING_YES_ZH.exec(norm);
  if (yes) {
    const rest = norm.slice(yes[0].length);
    if (!INNER_NEGATION.test(rest) && !AMOUNT_AFTER.test(rest)) return "yes";
  }
  return null;
}

/** Whether the text is exactly one of these labels (normalised). */
export function sameWords(text: string, labels: readonly string[]): boolean {
  const norm = normaliseAnswer(text);
  return norm.length > 0 && labels.some((l) => normaliseAnswer(l) === norm);
}
