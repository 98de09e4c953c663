/**
 * Words that always act, in every language at once (a borrower chatting in English may still type
 * 人工). They are data, not a switch: matching normalises case, width and punctuation. These checks
 * run on every message before anything else, so a request for a person or a sign of self-harm is
 * never missed because a step expected a number.
 */
import { selfHarmTierOf } from "../understanding/offline/index.js";

export type KeywordAction = "self_harm" | "human" | "cancel" | "help" | "restart";

/** Phrases that count when they appear anywhere in the message. */
const CONTAINS: Record<"self_harm" | "human", readonly string[]> = {
  self_harm: [
    "不想活", "活不下去", "活着没意思", "自杀", "轻生", "想死", "寻死", "结束生命", "结束自己", "了结自己",
    "跳楼", "割腕", "伤害自己", "一了百了", "结束一切", "一切都结束", "把一切都结束", "结束掉一切",
    "kill myself", "killing myself", "suicide", "suicidal", "end my life", "end it all", "end everything", "don't want to live",
    "dont want to live", "do not want to live", "hurt myself", "harm myself", "want to die", "self-harm", "self harm",
  ],
  human: [
    "人工", "转人工", "真人", "客服", "找人工", "工作人员",
    "agent", "human", "talk to a person", "speak to a person", "real person", "someone real",
    "call me", "speak to someone", "talk to someone",
  ],
};

/** Phrases that count only as the whole message (so "I can't cancel my card" is not a cancel). */
const WHOLE: Record<"cancel" | "help" | "restart", readonly string[]> = {
  cancel: ["取消", "算了", "算了吧", "退出", "不聊了", "结束", "cancel", "quit", "exit", "stop", "never mind", "nevermind"],
  help: ["帮助", "帮忙", "怎么用", "help", "?", "？", "what can i do"],
  restart: ["重新开始", "重来", "从头开始", "start over", "restart", "start again", "begin again"],
};

export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\s。，,.!！~～]+/g, " ")
    .trim();
}

/** One matcher per phrase, built once: English phrases on word boundaries, Chinese anywhere. */
function phraseMatcher(phrase: string): (text: string) => boolean {
  if (/[a-z]/.test(phrase)) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(^|[^a-z])${escaped}($|[^a-z])`);
    return (text) => re.test(text);
  }
  return (text) => text.includes(phrase);
}

const SELF_HARM_PHRASES = CONTAINS.self_harm.map(phraseMatcher);
const HUMAN_PHRASES = CONTAINS.human.map(phraseMatcher);
const WHOLE_MESSAGES = new Map<string, "cancel" | "help" | "restart">();
for (const action of ["cancel", "help", "restart"] as const) {
  for (const phrase of WHOLE[action]) if (!WHOLE_MESSAGES.has(normalise(phrase))) WHOLE_MESSAGES.set(normalise(phrase), action);
}

/** The last message asked about, and its answer. */
let last: { text: string | undefined; action: KeywordAction | null } = { text: undefined, action: null };

/** The one keyword action a message carries, most urgent first: self-harm, a person, cancel, help, start over. */
export function keywordAction(text: string): KeywordAction | null {
  // A turn asks about the same text more than once (the urgent check, then the interruptions).
  if (text === last.text) return last.action;
  const action = classifyKeyword(text);
  // A number of three digits or more (an amount, an account number, an ID's last four) is never kept.
  last = /\d{3}/.test(text) ? { text: undefined, action: null } : { text, action };
  return action;
}

/** Han characters or a Latin word: what a phrase or the model can read (digits, an ID's "X" and emoji cannot). */
const WORDS = /\p{Script=Han}|[a-z]{2}/u;

function classifyKeyword(text: string): KeywordAction | null {
  const norm = normalise(text);
  if (norm.length === 0) return null;
  // No words (a number, an amount, a verification answer such as "123X"): only a whole-message
  // keyword ("?") can apply, and nothing goes to the model (POLICY §8: no classifier sees an answer).
  if (!WORDS.test(norm)) return WHOLE_MESSAGES.get(norm) ?? null;
  // The explicit phrases, or the detector and the learned model agreeing on clear risk; softer signs
  // (self_harm_possible) reach the dialogs through the classifier and get the direct question (§6).
  if (SELF_HARM_PHRASES.some((matches) => matches(norm)) || selfHarmTierOf(text) === "self_harm_risk") return "self_harm";
  if (HUMAN_PHRASES.some((matches) => matches(norm))) return "human";
  return WHOLE_MESSAGES.get(norm) ?? null;
}
