/**
 * Features of one borrower message for the learned model: what the linear model sees.
 *
 *  - Chinese: character n-grams (1–3) over each run of Han characters, and the words of the
 *    `@node-rs/jieba` segmenter (a kept library; dictionary loaded once, lazily).
 *  - English (and pinyin, digits): word tokens, word bigrams, and character n-grams (3–5) of each
 *    word with boundary marks, so typos and inflections share most of their features.
 *  - Shape: a bare number or amount, a question mark, the length band.
 *  - Lexicon evidence (the hand-written classifier's answer, lexicon-classifier.ts): which intents
 *    and reason its patterns found, injection, the self-harm detector's cue kinds. The model weighs
 *    them like any other feature; the self-harm head does not see them (it is an independent
 *    second opinion next to the detector).
 *
 * Digits are folded to `0` so amounts and dates generalise. Every text feature has the same value
 * 1/√n (n = the number of distinct text features), so long rambling messages do not outvote short
 * ones; lexicon features have value 1.
 */
import { createRequire } from "node:module";
import type { LexiconAnalysis } from "../offline/lexicon-classifier.js";

interface Segmenter {
  cut(sentence: string, hmm?: boolean): string[];
}

let jieba: Segmenter | null = null;
function segmenter(): Segmenter {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
    const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
const LATIN_WORD = /[a-z0-9][a-z0-9']*/gu;
/** Whole message is a number or an amount (1500, ¥2,000, 3千, 500块, $300.50). */
export const BARE_NUMBER = /^[\s¥￥$€£+\-]*[0-9][0-9,.\s]*(元|块|块钱|万|千|百|k|rmb|cny|yuan|dollars?|quid)?[\s。.!！?？]*$/u;

/** Text features of a normalised message (see normalize.ts), deduplicated, in first-seen order. */
export function textFeatures(normalised: string): string[] {
  const out = new Set<string>();
  const folded = normalised.replace(/[0-9]/g, "0");
  for (const m of folded.matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    const padded = ["<", ...chars, ">"];
    for (const c of chars) out.add(`c1:${c}`);
    for (let n = 2; n <= 3; n++) {
      for (let i = 0; i + n <= padded.length; i++) out.add(`c${n}:${padded.slice(i, i + n).join("")}`);
    }
    for (const w of segmenter().cut(m[0], true)) if (w.length > 1) out.add(`j:${w}`);
  }
  const words = [...folded.matchAll(LATIN_WORD)].map((m) => m[0]);
  words.forEach((w, i) => {
    out.add(`w:${w}`);
    if (i > 0) out.add(`b:${words[i - 1]}_${w}`);
    const padded = `<${w}>`;
    for (let n = 3; n <= 5; n++) {
      for (let k = 0; k + n <= padded.length; k++) out.add(`e${n}:${padded.slice(k, k + n)}`);
    }
  });
  if (/[?？]/u.test(normalised)) out.add("s:question");
  if (/[!！]/u.test(normalised)) out.add("s:exclaim");
  if (BARE_NUMBER.test(normalised)) out.add("s:bare_number");
  const len = [...normalised].length;
  out.add(len <= 4 ? "s:len<=4" : len <= 12 ? "s:len<=12" : len <= 40 ? "s:len<=40" : "s:len>40");
  return [...out];
}

/** Lexicon features: what the hand-written classifier found (see the module comment). */
export function lexiconFeatures(lex: LexiconAnalysis): string[] {
  const out = [`x:intent:${lex.intent}`];
  for (const i of lex.intentsPresent) out.push(`x:present:${i}`);
  out.push(`x:reason:${lex.reason ?? "none"}`);
  if (lex.injection) out.push("x:injection");
  if (lex.selfHarmCues.length > 0) out.push("x:self_harm");
  for (const v of lex.vulnerabilities) if (v !== "self_harm_risk") out.push(`x:vuln:${v}`);
  return out;
}

/** Lexicon features start with `x:`; the self-harm head ignores them. */
export const isLexiconFeature = (f: string): boolean => f.startsWith("x:");

/** Sparse vector: feature names with their values (text features 1/√n, lexicon features 1). */
export function featureVector(normalised: string, lex: LexiconAnalysis | null): Map<string, number> {
  const text = textFeatures(normalised);
  const v = new Map<string, number>();
  const w = text.length > 0 ? 1 / Math.sqrt(text.length) : 0;
  for (const f of text) v.set(f, w);
  if (lex) for (const f of lexiconFeatures(lex)) v.set(f, 1);
  return v;
}
