import type { Pattern } from "./lexicon.js";

/** One place a pattern matched, after negation was checked. */
export interface Hit {
  readonly index: number;
  readonly end: number;
  readonly pattern: Pattern;
}

const compiled = new WeakMap<Pattern, RegExp>();
function regexOf(pattern: Pattern): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern.re, "gu");
    compiled.set(pattern, re);
  }
  return re;
}

// A clause ends at punctuation, a line break, or a contrast word ("not sick, but laid off";
// "不是生病，是被裁了"; "不是生病而是失业"). A 是 that is not itself part of a negation
// (不是 / 并非是 …) also starts a new clause: "不是X是Y".
const CLAUSE_BREAK =
  /[，,。.;；!！?？、:：\n]|但是|可是|而是|只是|不过|(?<![不并也倒又就])是(?!不是)|\bbut\b|\bhowever\b|\brather\b|\binstead\b|\bactually\b/gu;

// Negators directly before a match (at most three characters between them in Chinese).
const NEGATION_ZH =
  /(?:(?<!是)不是|并非|不用|不需要|无需|别(?!人|的|处)|不要(?!再)|不想|从未|从没|(?<!有)没有(?!钱|收入|工作|班|办法|想到|多久|几天)|(?<!有)没(?!钱|有|工作|想到|办法|收入|多久|几天|过多久|了|班))[^a-z]{0,3}$|不$/u;
// English: "no" only right before; other negators up to two words before.
const NEGATION_EN =
  /(?:\b(?:not(?! only)|never|isn'?t|wasn'?t|aren'?t|weren'?t|didn'?t|don'?t|doesn'?t|haven'?t|hasn'?t|hadn'?t|nothing to do with|rather than|instead of|without)\b(?:\s+[\w']+){0,2}|\bno)\s*$/u;

/** The clause before `index`, cut at the last clause break. */
export function clauseBefore(text: string, index: number, max = 24): string {
  const start = Math.max(0, index - max);
  const before = text.slice(start, index);
  let cut = 0;
  for (const m of before.matchAll(CLAUSE_BREAK)) cut = m.index + m[0].length;
  return before.slice(cut);
}

export function isNegated(text: string, index: number): boolean {
  const clause = clauseBefore(text, index);
  return NEGATION_ZH.test(clause) || NEGATION_EN.test(clause);
}

/** Every match of every pattern; negated matches are dropped unless the pattern is not negatable. */
export function findHits(text: string, patterns: readonly Pattern[]): Hit[] {
  const hits: Hit[] = [];
  for (const pattern of patterns) {
    const re = regexOf(pattern);
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      if (pattern.negatable !== false && isNegated(text, m.index)) continue;
      hits.push({ index: m.index, end: m.index + m[0].length, pattern });
    }
  }
  return hits;
}

/** Sum of weights: each pattern counts once for its first hit and once more for a second hit. */
export function score(hits: readonly Hit[]): number {
  const counts = new Map<Pattern, number>();
  let total = 0;
  for (const h of hits) {
    const n = counts.get(h.pattern) ?? 0;
    if (n < 2) total += (h.pattern.w ?? 1) * (n === 0 ? 1 : 0.5);
    counts.set(h.pattern, n + 1);
  }
  return total;
}
