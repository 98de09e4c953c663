import type { ExpectedDuration } from "../domain/case.js";

/**
 * "How long may this last?" answered in words ("大概半年吧", "about two months", "a year or
 * more", "不知道") read deterministically into the four durations of POLICY.md §1. A span the
 * words do not pin down (no number and no "don't know") is null: the dialog asks again.
 */

const UNKNOWN = /(不知道|不清楚|说不准|说不好|不确定|难说|没数|不好说|don'?t know|do not know|not sure|no idea|unsure|can'?t say|hard to say|who knows)/i;

const CN_NUMBERS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12, 几: 3, 半: 0.5 };
const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  few: 3, couple: 2, several: 4, half: 0.5,
};

/** Months per unit. */
const UNIT_MONTHS: Array<[RegExp, number]> = [
  [/^(年|years?|yrs?)/i, 12],
  [/^(个?月|months?|mos?)/i, 1],
  [/^(个?星期|周|礼拜|weeks?|wks?)/i, 12 / 52],
  [/^(天|日|days?)/i, 12 / 365],
];

function numberAt(token: string): number | null {
  if (/^\d+(\.\d+)?$/.test(token)) return Number(token);
  return CN_NUMBERS[token] ?? EN_NUMBERS[token.toLowerCase()] ?? null;
}

/** The longest span, in months, that the text names ("3到6个月" → 6; "一年半" → 18), or null. */
export function monthsNamed(text: string): number | null {
  const norm = text.normalize("NFKC").toLowerCase();
  let longest: number | null = null;
  const note = (months: number) => {
    if (longest === null || months > longest) longest = months;
  };
  if (/半年/.test(norm)) note(/一年半/.test(norm) ? 18 : 6);
  if (/半个月/.test(norm)) note(0.5);
  if (/(half a year|six months)/.test(norm)) note(6);
  const pattern = /(\d+(?:\.\d+)?|十[一二]?|[一两二三四五六七八九几半]|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple|several|half)\s*(?:of\s+)?(?:个)?\s*(年|个?月|个?星期|周|礼拜|天|日|years?|yrs?|months?|mos?|weeks?|wks?|days?)/gi;
  for (const m of norm.matchAll(pattern)) {
    const n = numberAt(m[1] ?? "");
    const unit = UNIT_MONTHS.find(([re]) => re.test(m[2] ?? ""));
    if (n !== null && unit) note(n * unit[1]);
  }
  if (/一年多|more than a year|over a year|years|好几年|几年|long time|很久|很长时间/.test(norm)) note(13);
  return longest;
}

/** The duration the words say, or null when they do not say one for sure. */
export function parseDuration(text: string): ExpectedDuration | null {
  if (UNKNOWN.test(text.normalize("NFKC"))) return "unknown";
  const months = monthsNamed(text);
  if (months === null) return null;
  if (months < 3) return "under_3_months";
  if (months <= 12) return "3_to_12_months";
  return "over_12_months";
}
