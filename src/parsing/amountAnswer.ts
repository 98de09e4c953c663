import { parseAmount } from "./amount.js";

/**
 * An answer to "how much a month?" as people write it: one amount ("5000"); itemised costs
 * ("房租2000，吃饭1500，其他500" → the sum); a range ("5000到6000吧，不固定" → the cautious end,
 * said back to the borrower); or a weekly, daily or yearly figure ("2000 per week" → per month,
 * said back). Null when no amount can be read for sure — the dialog asks again.
 */
export type AmountAnswer =
  | { how: "exact"; minor: number }
  | { how: "sum"; minor: number; parts: number[] }
  | { how: "range"; minor: number; low: number; high: number }
  | { how: "converted"; minor: number; perPeriod: number; period: Period };

export type Period = "week" | "day" | "year";

/** Which end of a range is the cautious one: less income and less to afford, more expenses. */
export type Cautious = "low" | "high";

const RANGE = /^(.+?)\s*(?:到|至|~|～|－|–|—|-|或者|或|to|or)\s*(.+?)$/i;
const BETWEEN = /^between\s+(.+?)\s+and\s+(.+)$/i;
const FILLER_AFTER = /(吧|啊|呢|不固定|不一定|看情况|之间|左右|上下|depending|it varies|varies|depends|each month|a month|per month|monthly)/gi;

const PERIODS: Array<[Period, RegExp, number]> = [
  // months per period: a month is 52/12 weeks, 365/12 days, 1/12 year
  ["week", /(每周|每个?星期|每礼拜|一周|周薪|\bper\s+week\b|\ba\s+week\b|\bweekly\b|\/\s*w(ee)?k)/gi, 52 / 12],
  ["day", /(每天|一天|日薪|\bper\s+day\b|\ba\s+day\b|\bdaily\b|\/\s*day)/gi, 365 / 12],
  ["year", /(每年|一年|年薪|年收入|\bper\s+year\b|\ba\s+year\b|\byearly\b|\bannual(ly)?\b|\/\s*y(ea)?r)/gi, 1 / 12],
];

/** Separators between itemised costs. */
const ITEMS = /[，,；;、+＋]|\s和\s|以及|还有|\band\b|\bplus\b/i;

export function readAmountAnswer(text: string, cautious: Cautious = "low"): AmountAnswer | null {
  const input = text.normalize("NFKC").trim();
  if (input.length === 0 || input.length > 200) return null;
  const exact = parseAmount(input);
  if (exact !== null) return { how: "exact", minor: exact };

  for (const [period, pattern, perMonth] of PERIODS) {
    if (!pattern.test(input)) continue;
    pattern.lastIndex = 0;
    const rest = input.replace(pattern, " ");
    pattern.lastIndex = 0;
    const amount = parseAmount(rest);
    if (amount === null) return null;
    // Rounded up to a whole yuan's fen: the figure is an estimate, said back to the borrower.
    return { how: "converted", minor: Math.round(amount * perMonth), perPeriod: amount, period };
  }

  const stripped = input.replace(FILLER_AFTER, " ").replace(/[。!！?？]+$/, "").trim();
  const range = BETWEEN.exec(stripped) ?? RANGE.exec(stripped);
  if (range) {
    const a = parseAmount(range[1] ?? "");
    const b = parseAmount(range[2] ?? "");
    if (a !== null && b !== null && a !== b) {
      const [low, high] = a < b ? [a, b] : [b, a];
      return { how: "range", minor: cautious === "low" ? low : high, low, high };
    }
  }

  const segments = stripped.split(ITEMS).map((s) => s.trim()).filter((s) => s.length > 0);
  if (segments.length >= 2) {
    const parts = segments.map((s) => parseAmount(s));
    if (parts.every((p): p is number => p !== null)) {
      return { how: "sum", minor: parts.reduce((x, y) => x + y, 0), parts };
    }
  }
  return null;
}
