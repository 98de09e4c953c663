import { INTENTS, type Classification, type ClassificationResult, type Intent, type Locale, type Vulnerability } from "../../domain/classification.js";
import type { Reason } from "../../domain/case.js";
import type { Classifier } from "../classifier.js";
import {
  DEFINITION_QUESTION,
  INJECTION,
  INTENT_PATTERNS,
  MENTAL_HEALTH,
  QUESTION_HINT,
  REASON_ORDER,
  REASON_PATTERNS,
  RELATIVE,
  SERIOUS_ILLNESS,
  SMALL_TALK,
} from "./lexicon.js";
import { clauseBefore, findHits, score, type Hit } from "./matcher.js";
import { NaiveBayes } from "./naive-bayes.js";
import { detectSelfHarm } from "./self-harm.js";
import { normalize } from "./normalize.js";

/** A labelled example for the fallback model: only the text and the intent are used. */
export interface TrainingExample {
  readonly text: string;
  readonly intent: Intent;
}

export interface LexiconClassifierOptions {
  /**
   * Examples for the naive-Bayes fallback (used only when no lexicon pattern fires). Default:
   * none (lexicons only). `createOfflineClassifier()` passes the shipped TRAIN split.
   */
  readonly training?: readonly TrainingExample[];
  /** The fallback's minimum posterior to name an intent other than `other` (default 0.8). */
  readonly fallbackMinProbability?: number;
}

/** Evidence behind one lexicon classification: the learned model reads it as features. */
export interface LexiconAnalysis extends Classification {
  readonly injection: boolean;
  /** The self-harm detector's cues (pattern sources, `combo:n`, `concept:name`); empty when it did not fire. */
  readonly selfHarmCues: readonly string[];
  /** Intents whose lexicon fired, in precedence order (before overrides). */
  readonly intentsPresent: readonly Intent[];
}

const RELATIVE_RE = new RegExp(RELATIVE, "u");

/**
 * The hand-written lexicon classifier (the offline classifier before issue 9). It is no longer the
 * product's main signal: the learned model (../learned/) reads its answer as features, and its
 * self-harm detector is one of the two self-harm guards. Kept for that and for comparison.
 *
 * A deterministic, network-free classifier for zh-CN and English borrower messages.
 * Curated lexicons with clause-level negation decide the intent by POLICY.md §7 precedence,
 * the hardship reason, and the vulnerabilities. Self-harm phrases are never negated away.
 */
export class LexiconClassifier implements Classifier {
  private readonly model: NaiveBayes<Intent> | null;
  private readonly fallbackMin: number;

  constructor(options: LexiconClassifierOptions = {}) {
    this.fallbackMin = options.fallbackMinProbability ?? 0.8;
    if (options.training && options.training.length > 0) {
      this.model = new NaiveBayes<Intent>(INTENTS);
      for (const ex of options.training) this.model.train(normalize(ex.text), ex.intent);
    } else {
      this.model = null;
    }
  }

  async classify(text: string, locale: Locale): Promise<ClassificationResult> {
    const { intent, reason, vulnerabilities, confidence } = this.analyse(text, locale);
    return { intent, reason, vulnerabilities, confidence, source: "offline" };
  }

  /** Synchronous core; `locale` is accepted for symmetry (both lexicons always run: mixed text is common). */
  analyse(text: string, _locale?: Locale): LexiconAnalysis {
    const t = normalize(text);
    if (t.length === 0) {
      return { intent: "other", reason: null, vulnerabilities: [], confidence: 0.1, injection: false, intentsPresent: [], selfHarmCues: [] };
    }

    // Vulnerabilities.
    const vulnerabilities: Vulnerability[] = [];
    const selfHarmCues = detectSelfHarm(t).cues;
    const selfHarm = selfHarmCues.length > 0;
    if (selfHarm) vulnerabilities.push("self_harm_risk");
    const serious = findHits(t, SERIOUS_ILLNESS).some((h) => !hasRelative(t, h));
    if (serious) vulnerabilities.push("serious_illness");
    if (findHits(t, MENTAL_HEALTH).length > 0) vulnerabilities.push("mental_health");

    // Reason.
    const reason = pickReason(t);

    // Intent.
    const injection = findHits(t, INJECTION).length > 0;
    const scores = new Map<Intent, number>();
    const hitsByIntent = new Map<Intent, Hit[]>();
    for (const intent of INTENTS) {
      if (intent === "other") continue;
      const hits = findHits(t, INTENT_PATTERNS[intent]);
      hitsByIntent.set(intent, hits);
      scores.set(intent, score(hits));
    }
    const intentsPresent = INTENTS.filter((i) => (scores.get(i) ?? 0) >= 1);
    const present = new Set<Intent>(intentsPresent);

    // A described reason or a self-harm signal is a hardship description.
    if (reason !== null || selfHarm) present.add("describe_hardship");

    // "分期是什么意思?" names a plan but asks what it is: a question, not a request for help.
    if (present.has("describe_hardship") && reason === null && !selfHarm) {
      const hardshipHits = hitsByIntent.get("describe_hardship") ?? [];
      const onlyPlan = hardshipHits.length > 0 && hardshipHits.every((h) => h.pattern.tag === "plan");
      if (onlyPlan && findHits(t, DEFINITION_QUESTION).length > 0) {
        present.delete("describe_hardship");
        present.add("ask_question");
      }
    }

    // "What's the weather like?" is chit-chat, not a question about the account.
    if (present.size === 1 && present.has("ask_question") && findHits(t, SMALL_TALK).length > 0) {
      present.delete("ask_question");
    }

    let intent: Intent = "other";
    let confidence: number;
    if (injection) {
      intent = "other";
      confidence = 0.9;
    } else {
      const winner = INTENTS.find((i) => present.has(i));
      if (winner) {
        intent = winner;
        const strength = scores.get(winner) ?? 1;
        confidence = Math.min(0.97, 0.8 + 0.07 * Math.min(strength, 2));
        // Several competing labels: the precedence decided, but we are a little less sure.
        if (present.size > 2) confidence -= 0.05;
      } else if (findHits(t, SMALL_TALK).length > 0) {
        intent = "other";
        confidence = 0.85;
      } else if (findHits(t, QUESTION_HINT).length > 0) {
        intent = "ask_question";
        confidence = 0.6;
      } else {
        // Nothing matched: the statistical fallback may guess, always with a modest confidence;
        // otherwise say `other` with a low confidence so the dialog asks again.
        const guess = this.model?.predict(t) ?? null;
        if (guess && guess.label !== "other" && guess.probability >= this.fallbackMin) {
          intent = guess.label;
          confidence = Math.min(0.6, 0.5 * guess.probability + 0.1);
        } else {
          intent = "other";
          confidence = 0.3;
        }
      }
    }
    // Safety: a message with a self-harm signal never ends or side-steps the conversation.
    if (selfHarm && (intent === "cancel" || intent === "other" || intent === "promise_to_pay" || intent === "ask_question") && !injection) {
      intent = "describe_hardship";
    }
    // Self-harm is certain enough to act on whatever the intent.
    if (selfHarm) confidence = Math.max(confidence, 0.9);

    // A fraud report is about who borrowed, not why a borrower cannot pay: no hardship reason
    // (a scam's "网贷" or "loan" words are the fraud's subject, not over-indebtedness).
    const finalReason = intent === "report_fraud" ? null : reason;

    return { intent, reason: finalReason, vulnerabilities, confidence: round(confidence), injection, intentsPresent, selfHarmCues };
  }
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

// A relative named right after the medical word in the same clause: "照顾生病的爸爸",
// "住院的妈妈", "the hospital bills for my son's operation".
const RELATIVE_AFTER_RE = new RegExp(`^(了)?的${RELATIVE}|^( (bills?|costs?|fees?|expenses?|treatment|care|stay|visits?))? (for|of) ${RELATIVE}`, "u");

function hasRelative(text: string, hit: Hit): boolean {
  return RELATIVE_RE.test(clauseBefore(text, hit.index, 40)) || RELATIVE_AFTER_RE.test(text.slice(hit.end));
}

/** The reason with the most evidence; ties go to the one mentioned first. `other` only when nothing specific. */
function pickReason(t: string): Reason | null {
  const scores = new Map<Reason, { score: number; first: number }>();
  const add = (reason: Reason, s: number, first: number): void => {
    const prev = scores.get(reason);
    if (prev) scores.set(reason, { score: prev.score + s, first: Math.min(prev.first, first) });
    else scores.set(reason, { score: s, first });
  };
  for (const reason of REASON_ORDER) {
    const hits = findHits(t, REASON_PATTERNS[reason]);
    if (hits.length === 0) continue;
    if (reason === "medical") {
      const self = hits.filter((h) => !hasRelative(t, h));
      const relative = hits.filter((h) => hasRelative(t, h));
      if (self.length) add("medical", score(self), Math.min(...self.map((h) => h.index)));
      if (relative.length) add("family_emergency", score(relative), Math.min(...relative.map((h) => h.index)));
    } else {
      add(reason, score(hits), Math.min(...hits.map((h) => h.index)));
    }
  }
  let best: Reason | null = null;
  let bestScore = 0;
  let bestFirst = Infinity;
  for (const reason of REASON_ORDER) {
    if (reason === "other") continue;
    const s = scores.get(reason);
    if (!s || s.score < 1) continue;
    if (s.score > bestScore || (s.score === bestScore && s.first < bestFirst)) {
      best = reason;
      bestScore = s.score;
      bestFirst = s.first;
    }
  }
  // The outcome for a person outranks the event that caused it: a death is bereavement even
  // when a car crash or an illness caused it, and a relative in hospital after an accident is a
  // family emergency. Losing the job outranks the pay cut that came before it.
  const has = (r: Reason): boolean => (scores.get(r)?.score ?? 0) >= 1;
  if (best && has("bereavement")) return "bereavement";
  if (best === "disaster" && has("family_emergency")) return "family_emergency";
  if (best === "income_reduction" && has("job_loss") && scores.get("job_loss")!.score >= bestScore) return "job_loss";
  if (best) return best;
  const other = scores.get("other");
  return other && other.score >= 1 ? "other" : null;
}
