import { Culture, recognizeNumber } from "@microsoft/recognizers-text-number";

/**
 * Deterministic parsing of a money amount a borrower typed into minor units (fen).
 * Never uses a language model. Returns null for anything unparseable, negative, with more than
 * two decimals, or ambiguous (two numbers), so that the dialog can ask again with an example.
 */

/** Words that mean "nothing" where zero is a meaningful answer (income, what I can afford). */
const ZERO_WORDS = new Set(["没有", "无", "零", "没", "没收入", "没有收入", "一分没有", "none", "nothing", "zero", "no income", "nil"]);

/** Currency marks and filler around a number that carry no amount. */
const NOISE = [
  /人民币/g, /rmb/gi, /cny/gi, /yuan/gi, /块钱/g, /元/g, /块/g, /[¥￥]/g,
  /每个?月/g, /一个月/g, /\/\s*月/g, /per\s+month/gi, /a\s+month/gi, /monthly/gi, /\/\s*mo(nth)?/gi,
  /大概/g, /大约/g, /左右/g, /约/g, /差不多/g, /about/gi, /around/gi, /roughly/gi, /approximately/gi, /approx\.?/gi,
  /我能付/g, /能付/g, /可以付/g, /可以/g, /能/g, /i can pay/gi, /i can afford/gi,
];

const FULL_WIDTH_DIGITS = /[０-９．，]/g;

const UNITS: Record<string, number> = { 百: 100, 千: 1000, 万: 10000, k: 1000, K: 1000 };
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_DIGITS, (c) => {
    if (c === "．") return ".";
    if (c === "，") return ",";
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/** "3500", "3,500", "3500.5" — a plain decimal number with optional thousands separators. */
const PLAIN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
/** "3千5", "1万2", "3百5", "3.5k", "1.2万", "2千": a number, a unit, and an optional trailing digit (one step below the unit). */
const SHORTHAND = /^(\d+(?:\.\d{1,4})?)([百千万kK])([1-9一二两三四五六七八九])?$/;

/** Converts a decimal string to integer minor units without floating-point drift; null beyond two decimals. */
function decimalToMinor(text: string): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (frac.length > 2) return null;
  const value = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return Number.isSafeInteger(value) ? value : null;
}

function shorthandToMinor(numberText: string, unit: string, trailing: string | undefined): number | null {
  const base = UNITS[unit];
  if (base === undefined) return null;
  const [whole = "0", frac = ""] = numberText.split(".");
  // value × unit, computed on the decimal string so 1.2万 is exactly 12000.
  const scaledMinor = (BigInt(whole + frac) * BigInt(base) * 100n) / 10n ** BigInt(frac.length);
  const remainder = (BigInt(whole + frac) * BigInt(base) * 100n) % 10n ** BigInt(frac.length);
  if (remainder !== 0n) return null;
  let total = scaledMinor;
  if (trailing !== undefined) {
    if (frac.length > 0) return null; // "1.2万3" is not a way anyone writes money
    const digit = /\d/.test(trailing) ? Number(trailing) : CN_DIGITS[trailing];
    if (digit === undefined) return null;
    total += BigInt(digit) * BigInt(base / 10) * 100n; // 3千5 = 3000 + 500
  }
  const value = Number(total);
  return Number.isSafeInteger(value) ? value : null;
}

function recognise(text: string): number | null {
  const culture = /[\u4e00-\u9fff]/.test(text) ? Culture.Chinese : Culture.English;
  const results = recognizeNumber(text, culture);
  if (results.length !== 1) return null;
  const only = results[0];
  const raw = only?.resolution?.["value"];
  if (typeof raw !== "string" && typeof raw !== "number") return null;
  // Anything left besides the number must not contain digits or numerals of its own.
  const rest = text.slice(0, only?.start ?? 0) + text.slice((only?.end ?? text.length - 1) + 1);
  if (/[\d一二两三四五六七八九十百千万亿零-]/.test(rest)) return null;
  // A number written in words must be the whole answer: "一言难尽", "一些" or "one moment" is no amount.
  if (!/\d/.test(text) && rest.trim().length > 0) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) return null;
  const minor = Math.round(value * 100);
  if (Math.abs(minor - value * 100) > 1e-6) return null; // more than two decimals
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Parses an amount to minor units (fen), or null when it cannot be used. */
export function parseAmount(input: string): number | null {
  let text = toHalfWidth(input.normalize("NFKC").trim());
  if (text.length === 0 || text.length > 60) return null;
  if (/^[-−–]|负/.test(text) || /\s-\s*\d/.test(text)) return null;
  if (ZERO_WORDS.has(text.toLowerCase().replace(/[。.!！]+$/, ""))) return 0;
  for (const noise of NOISE) text = text.replace(noise, " ");
  text = text.replace(/[。!！?？]+$/, "").trim();
  if (text.length === 0) return null;
  if (ZERO_WORDS.has(text.toLowerCase())) return 0;
  const compact = text.replace(/\s+/g, "");
  const plain = PLAIN.exec(compact);
  if (plain) return decimalToMinor(`${(plain[1] ?? "").replace(/,/g, "")}${plain[2] ? `.${plain[2]}` : ""}`);
  const shorthand = SHORTHAND.exec(compact);
  if (shorthand) return shorthandToMinor(shorthand[1] ?? "", shorthand[2] ?? "", shorthand[3]);
  return recognise(text);
}

/** An amount answer that is recognised as such (used to decide whether text needs the classifier). */
export function isAmount(input: string): boolean {
  return parseAmount(input) !== null;
}
