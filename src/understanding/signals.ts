/**
 * The POLICY.md §3 signals a borrower's message carries, whatever step it answers (§6 "every
 * message is heard"). The classifier gives one intent by precedence, so a message with two signals
 * ("这笔钱不是我借的，我要转人工") would lose the more serious one: the request for a person is taken
 * out and the rest is classified again. Three signals have no classifier label and are read here
 * from the words: the account holder has died (a relative speaking), legal representation or
 * insolvency, and a complaint about staff or collectors (客服/agent there is not a request for a person).
 */
import type { ClassificationResult, Locale } from "../domain/classification.js";
import type { Classifier } from "./classifier.js";

export type SignalKind = "deceased" | "fraud" | "dispute" | "legal" | "complaint" | "human";

/** §3 order of the signals after self-harm (rule 2 … rule 7). */
export const SIGNAL_ORDER: readonly SignalKind[] = ["deceased", "fraud", "dispute", "legal", "complaint", "human"];

export interface Signal {
  kind: SignalKind;
  /** False when only a classifier label below the routing confidence says so: confirm first (§6). */
  sure: boolean;
}

export interface Heard {
  selfHarm: "risk" | "possible" | null;
  /** The §3 signals, most serious first. */
  signals: Signal[];
  health: Array<"serious_illness" | "mental_health">;
  classification: ClassificationResult;
  /** The message is only a number or an amount: never a dispute or any other intent (§7). */
  bareNumber: boolean;
}

export interface Thresholds {
  /** Below this a label is not acted on (CLASSIFIER_MIN_CONFIDENCE). */
  minConfidence: number;
  /** At or above this a dispute, fraud or complaint label routes at once; between the two it is confirmed. */
  routeConfidence: number;
}

const DEATH = /(去世|过世|离世|逝世|病逝|身故|已故|死了|走了|不在了|没了|passed away|passed on|has died|\bdied\b|\bdead\b|deceased|\blate\s+(husband|wife|father|mother|dad|mum|mom|son|daughter|brother|sister|partner)|death of|funeral)/i;
/** The account is the dead person's: a relative or representative is speaking (rule 2). */
const HOLDER_IS_THEM = /(他的|她的|他名下|她名下|他生前|她生前|替他|替她|帮他|帮她|代他|代她|遗产|账户持有人|持卡人|借款人本人|户主|account ?holder|card ?holder|the borrower|(his|her|their) (credit )?(card|account|loan|debt)|in (his|her|their) name|on (his|her|their) behalf|(his|her|their) estate|executor)/i;

/** A lawyer acting, or a formal insolvency procedure (rule 5) — not the colloquial "我破产了 / I'm broke". */
const LEGAL = new RegExp(
  [
    "(委托|请了|请|找了|聘请|聘了)(一个|了)?律师", "我的律师", "代理律师", "律师(会|将|正在|已经|来)?(联系|处理|跟进|代理|代表)", "律师函",
    "(申请|提交|进入|办理)(了)?(个人)?破产", "个人破产", "破产(申请|程序|清算|重整|管理人)", "宣告破产", "法院.{0,6}(受理|裁定).{0,6}破产",
    "\\bmy (lawyer|solicitor|attorney|barrister)s?\\b", "\\b(hired|instructed|retained|engaged|got|have) (a |an |my )?(lawyer|solicitor|attorney|legal representative)",
    "\\b(lawyer|solicitor|attorney) (is|will be|has been) (handling|dealing|representing)", "\\b(filed|filing|file|applied|applying) for bankruptcy",
    "\\bdeclared (myself )?bankrupt", "\\bbankruptcy (proceedings?|petition|order|case)", "\\bin bankruptcy\\b", "\\binsolvency (practitioner|proceedings?|arrangement)",
    "\\bindividual voluntary arrangement\\b", "\\bdebt relief order\\b", "\\bchapter (7|13)\\b",
  ].join("|"),
  "i",
);

/** How the borrower was treated by staff or collectors (rule 6). */
const COMPLAINT = new RegExp(
  [
    "投诉", "举报", "态度(太|很|真|非常|特别)?(差|恶劣|不好|糟糕)", "骚扰", "辱骂", "恐吓", "威胁我", "爆通讯录", "银保监", "金融监管", "12378", "消协",
    "\\bcomplain(t|ts|ing)?\\b", "\\bharass(ing|ed|ment)?\\b", "\\brude\\b", "\\babusive\\b", "\\bthreaten(ed|ing)?\\b", "\\breport (you|this|the bank)\\b",
    "\\bregulator\\b", "\\bombudsman\\b",
  ].join("|"),
  "i",
);

/** "I never borrowed this": a fraud claim in words (confirmed first unless the classifier is sure). */
const NEVER_BORROWED = /(不是我借的|不是我办的|我没借过|我没有借过|从来没借|没办过|没有办过|没申请过|没有申请过|被冒用|被盗刷|盗刷|\bnever (took|borrowed|opened|applied for|signed up for)\b|\bi didn'?t (take|borrow|open|apply for)\b|\bidentity (theft|was stolen)\b|\bstole my identity\b)/i;
/** "This debt is not mine": the debt itself disputed (confirmed first). */
const NOT_MINE = /(不是我的(钱|债|欠款|贷款|卡|账)?|不是我欠的|我不欠|\b(is|isn'?t|not) (mine|my debt)\b|\bnot my (debt|loan|card|account)\b|\bi don'?t owe\b)/i;

/** A request for a person, taken out so the rest of the message is heard on its own. */
const HUMAN_REQUEST = /(我要|我想|请|帮我|给我)?(转|找|接)?(人工客服|人工|真人|客服|工作人员)(服务)?|\b(i want|i'd like|can i|let me|please|get me|put me through to)?\s*(talk|speak|chat)?\s*(to|with)?\s*(an?|a real|your|the)?\s*(human|agent|person|someone real|real person|manager)\b/gi;

/** Which rule-5 flag the words set: a lawyer acting, or an insolvency procedure. */
export function legalFlag(text: string): "legalRepresentation" | "bankruptcy" {
  return /(律师|lawyer|solicitor|attorney|barrister|legal represent)/i.test(text) ? "legalRepresentation" : "bankruptcy";
}

export function withoutHumanRequest(text: string): string {
  return text.replace(HUMAN_REQUEST, " ").replace(/[\s，,。.!！]+/g, " ").trim();
}

const BARE_NUMBER = /^[\s\d.,，。¥￥$+\-~～kKwW万千百元块钱rmbRMBcnyCNY]*$/;

export function isBareNumber(text: string): boolean {
  const t = text.normalize("NFKC").trim();
  return t.length > 0 && /\d/.test(t) && BARE_NUMBER.test(t);
}

const INTENT_SIGNAL: Partial<Record<ClassificationResult["intent"], SignalKind>> = {
  request_human: "human",
  report_fraud: "fraud",
  dispute_debt: "dispute",
  complaint: "complaint",
};

/**
 * Hears one message: the classifier on the whole text (and on the text without a request for a
 * person, when there is one), the word patterns above, and whether a person was asked for in words.
 */
export async function hear(
  text: string,
  locale: Locale,
  classifier: Classifier,
  thresholds: Thresholds,
  keywords: { selfHarm: boolean; human: boolean },
): Promise<Heard> {
  const classification = await classifier.classify(text, locale);
  const bareNumber = isBareNumber(text);
  const found = new Map<SignalKind, boolean>();
  const note = (kind: SignalKind, sure: boolean) => found.set(kind, (found.get(kind) ?? false) || sure);
  const fromLabel = (label: ClassificationResult) => {
    const kind = INTENT_SIGNAL[label.intent];
    if (!kind || bareNumber || label.confidence < thresholds.minConfidence) return;
    note(kind, kind === "human" || label.confidence >= thresholds.routeConfidence);
  };

  fromLabel(classification);
  let vulnerabilities = classification.vulnerabilities;
  if (keywords.human || (classification.intent === "request_human" && classification.confidence >= thresholds.minConfidence)) {
    note("human", true);
    const rest = withoutHumanRequest(text);
    if (rest.length >= 2 && rest !== text.trim()) {
      const second = await classifier.classify(rest, locale);
      fromLabel(second);
      vulnerabilities = [...new Set([...vulnerabilities, ...second.vulnerabilities])];
    }
  }
  if (DEATH.test(text) && HOLDER_IS_THEM.test(text)) note("deceased", true);
  if (LEGAL.test(text)) note("legal", true);
  if (COMPLAINT.test(text)) note("complaint", true);
  if (NEVER_BORROWED.test(text)) note("fraud", false);
  else if (NOT_MINE.test(text) && !found.has("fraud")) note("dispute", false);
  // 客服 / "agent" inside a complaint is the subject of the complaint, not a request for a person.
  if (found.has("complaint") && !keywords.human) found.delete("human");

  const selfHarm = keywords.selfHarm || vulnerabilities.includes("self_harm_risk") ? "risk" : vulnerabilities.includes("self_harm_possible") ? "possible" : null;
  const health = vulnerabilities.filter((v): v is "serious_illness" | "mental_health" => v === "serious_illness" || v === "mental_health");
  const signals = SIGNAL_ORDER.filter((kind) => found.has(kind)).map((kind) => ({ kind, sure: found.get(kind) === true }));
  return { selfHarm, signals, health, classification, bareNumber };
}
