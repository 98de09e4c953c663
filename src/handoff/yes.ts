/**
 * Words that say yes and nothing else (POLICY.md §6: the only words that may give consent to an
 * agent's offer). Whole-message match after normalising width, case and punctuation; no fuzzy
 * matching. (The dialogs' consent has its own reader; the two should become one — see the note.)
 */
const PLAIN_YES = [
  "是", "是的", "对", "好", "好的", "可以", "行", "同意", "我同意", "确认", "我确认", "接受", "我接受", "同意以上条款", "我同意以上条款", "我同意这些条款",
  "yes", "yes please", "yeah", "yep", "ok", "okay", "sure", "agree", "i agree", "agreed", "yes i agree", "i accept", "accept", "confirm", "i confirm",
  "i agree to these terms", "i agree to the terms",
];

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\s。，、,.!！?？~～:：;；…"“”()（）-]+/g, " ")
    .trim();
}

const YES = new Set(PLAIN_YES.map(normalise));

export function isPlainYes(text: string): boolean {
  return YES.has(normalise(text));
}
