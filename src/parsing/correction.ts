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

/**
 * What may stand between the field word and the amount: the cue itself and small words ("is
 * actually", "写错了，应该是"). Anything else there ("is fine, but I can only pay 500", "too low")
 * means the amount is not this field's, and nothing is changed.
 */
const BETWEEN =
  /^(?:[\s,，。.:：=]|是|为|有|就|只有|大概|其实|实际上|应该是|应该|改成|改为|写错了?|说错了?|打错了?|搞错了?|错了|不对|了|\b(?:my|is|are|was|were|of|about|around|only|just|to|be|it'?s|actually|really|in fact|should be|now|changed to|went (?:up|down) to|dropped to|more like)\b)+/i;
/** The amount starts here: a currency sign, a digit or a Chinese numeral. */
const AMOUNT_START = /^[¥￥$]?\s*[\d零〇一二两三四五六七八九十百千万]/;
/** A contrast after the amount ("应该是5000，但我只能还500") leaves it unsure. */
const CONTRAST = /(但是|但|不过|可是|\bbut\b|\bhowever\b)/i;

/** The field word, then (after the cue and small words only) the amount; otherwise null. */
export function readCorrection(text: string): Correction | null {
  const input = text.normalize("NFKC");
  const named = FIELD_WORDS.filter(([, re]) => re.test(input));
  if (named.length !== 1 || !CUE.test(input)) return null;
  const [field, re] = named[0] as [AmountField, RegExp];
  const match = re.exec(input);
  if (!match) return null;
  const rest = input.slice(match.index + match[0].length).replace(BETWEEN, "");
  if (!AMOUNT_START.test(rest) || CONTRAST.test(rest)) return null;
  const answer = readAmountAnswer(rest, field === "expenses" ? "high" : "low");
  return answer ? { field, answer } : null;
}
