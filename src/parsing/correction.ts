import { readAmountAnswer, type AmountAnswer } from "./amountAnswer.js";

/**
 * A correction of an amount the borrower gave earlier, at any step (POLICY.md §6): "wait, my
 * income is actually 5000", "收入写错了，应该是5000", "right, except my expenses are 3500". It names
 * the field, so the amount goes to that field — never to the question being asked.
 */
export type AmountField = "income" | "expenses" | "affordable";

export interface Correction {
  field: AmountField;
  answer: AmountAnswer;
}

const FIELD_WORDS: Array<[AmountField, RegExp]> = [
  ["affordable", /(能还|可以还|还得起|能付|能拿出|每月还|每个月还|能承受|afford|can pay|could pay|able to pay|put towards|repay each month)/i],
  ["expenses", /(开支|支出|开销|花销|花费|生活费|必要开销|房租|expenses?|costs?|spending|outgoings|bills)/i],
  ["income", /(收入|工资|薪水|月薪|薪资|进账|到手|income|salary|wages?|earn(ing)?s?|pay ?check|take[- ]home)/i],
];

/** Words that say the borrower is changing something they said, rather than answering. */
const CUE = /(其实|实际上|应该是|应该|写错|说错|打错|搞错|更正|改成|改为|改一下|不对|等一下|等等|不好意思|sorry|actually|in fact|really|correction|i meant|i mean|meant to say|wait|hold on|oops|typo|mistake|should be|not .{0,20} but|except|instead)/i;

/** Field words, the amount, and the cue: everything else in the sentence is filler. */
export function readCorrection(text: string): Correction | null {
  const input = text.normalize("NFKC");
  const named = FIELD_WORDS.filter(([, re]) => re.test(input));
  if (named.length !== 1 || !CUE.test(input)) return null;
  const [field, re] = named[0] as [AmountField, RegExp];
  // The amount comes after the field word; what precedes it is the cue.
  const match = re.exec(input);
  const after = match ? input.slice(match.index + match[0].length) : input;
  const cleaned = after
    .replace(CUE, " ")
    .replace(/(是|为|有|就|只有|大概|my|is|are|was|were|of|about|around|only|just|to|be|it'?s|=|:|：)/gi, " ")
    .trim();
  const answer = readAmountAnswer(cleaned, field === "expenses" ? "high" : "low");
  return answer ? { field, answer } : null;
}
