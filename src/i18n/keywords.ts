/**
 * Words that always act, in every language at once (a borrower chatting in English may still type
 * 人工). They are data, not a switch: matching normalises case, width and punctuation. These checks
 * run on every message before anything else, so a request for a person or a sign of self-harm is
 * never missed because a step expected a number.
 */
import { signalsSelfHarm } from "../understanding/offline/index.js";

export type KeywordAction = "self_harm" | "human" | "cancel" | "help" | "restart";

/** Phrases that count when they appear anywhere in the message. */
const CONTAINS: Record<"self_harm" | "human", readonly string[]> = {
  self_harm: [
    "不想活", "活不下去", "活着没意思", "自杀", "轻生", "想死", "寻死", "结束生命", "结束自己", "了结自己",
    "跳楼", "割腕", "伤害自己", "一了百了",
    "kill myself", "killing myself", "suicide", "suicidal", "end my life", "end it all", "don't want to live",
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

function containsPhrase(text: string, phrase: string): boolean {
  if (/[a-z]/.test(phrase)) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^a-z])${escaped}($|[^a-z])`).test(text);
  }
  return text.includes(phrase);
}

/** The one keyword action a message carries, most urgent first: self-harm, a person, cancel, help, start over. */
export function keywordAction(text: string): KeywordAction | null {
  const norm = normalise(text);
  if (norm.length === 0) return null;
  if (CONTAINS.self_harm.some((p) => containsPhrase(norm, p)) || signalsSelfHarm(text)) return "self_harm";
  if (CONTAINS.human.some((p) => containsPhrase(norm, p))) return "human";
  for (const action of ["cancel", "help", "restart"] as const) {
    if (WHOLE[action].some((p) => normalise(p) === norm)) return action;
  }
  return null;
}
