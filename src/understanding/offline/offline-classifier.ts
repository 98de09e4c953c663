import {
  INTENTS,
  type Classification,
  type ClassificationResult,
  type Intent,
  type IntentProbability,
  type Locale,
  type Vulnerability,
} from "../../domain/classification.js";
import { REASONS, type Reason } from "../../domain/case.js";
import type { Classifier } from "../classifier.js";
import { BARE_NUMBER, featureVector } from "../learned/features.js";
import { LearnedModel } from "../learned/model.js";
import { selfHarmTier, type SelfHarmTier } from "../learned/self-harm-tier.js";
import { LexiconClassifier } from "./lexicon-classifier.js";

/** Texts this short and without a number of three digits or more (button labels, short replies) are kept, at most this many, oldest dropped first. */
const SHORT_TEXT = 24;
const SHORT_TEXTS_KEPT = 512;
import { normalize } from "./normalize.js";

export interface OfflineClassifierOptions {
  /** The learned model; default: the shipped artefact (src/understanding/model/classifier.json). */
  readonly model?: LearnedModel;
}

/** Evidence behind one classification: useful for tests, the eval and the dialog's clarifying question. */
export interface OfflineAnalysis extends Classification {
  /** The hand-written lexicon saw an instruction aimed at the model (labelled by what the borrower wants). */
  readonly injection: boolean;
  /** Intents whose lexicon fired, in precedence order. */
  readonly intentsPresent: readonly Intent[];
  /** The three most likely intents, most likely first, with calibrated probabilities. */
  readonly alternatives: readonly IntentProbability[];
  readonly selfHarm: {
    readonly tier: SelfHarmTier;
    /** The lexicon detector fired. */
    readonly detector: boolean;
    /** Calibrated probabilities of the learned self-harm head. */
    readonly possible: number;
    readonly risk: number;
  };
}

/** A second intent this likely takes precedence over the first when §7 ranks it higher. */
const PRECEDENCE_MIN = 0.4;

/**
 * The likeliest cause is named from this calibrated probability, even when "no cause" is likelier;
 * below it the reason is null (the dialog asks the borrower to pick). "No cause" is most training
 * rows (every request, question, greeting), so the head leans to it on a cause worded in a way it
 * has not seen; the borrower confirms the reason in the summary and can correct it. Chosen on the held-out sets that are no longer first sight (test, blind2,
 * blind4, blind-a, blind-b: reason accuracy 84.5 → 87.9 % on blind-b, 86.2 → 89.2 % on blind-a),
 * before blind-c and blind-d were first read.
 */
const CAUSE_OVER_NONE = 0.25;

/**
 * Intents a message with a clear self-harm sign never gets: they would end or side-step the
 * conversation (a possible sign only never ends it: `cancel`; the dialog asks directly anyway).
 */
const SIDE_STEPS: ReadonlySet<Intent> = new Set(["cancel", "other", "promise_to_pay", "ask_question"]);

/** What a bare number or amount is, whatever its digits: decided by the rule, so certain. */
const BARE_NUMBER_ANALYSIS: OfflineAnalysis = {
  intent: "other",
  reason: null,
  vulnerabilities: [],
  confidence: 1,
  injection: false,
  intentsPresent: [],
  alternatives: [{ intent: "other", probability: 1 }],
  selfHarm: { tier: "none", detector: false, possible: 0, risk: 0 },
};

let shipped: LearnedModel | null = null;
function shippedModel(): LearnedModel {
  shipped ??= LearnedModel.load();
  return shipped;
}

/**
 * The product's offline classifier: a learned softmax model (learned/) over character n-grams,
 * jieba words and the lexicon classifier's evidence gives intent and reason with calibrated
 * probabilities; self-harm is decided in two tiers by the lexicon detector and the learned head
 * together (learned/self-harm-tier.ts); serious illness and mental health come from the lexicon.
 * Guards: a bare number or amount is `other` (§7); a self-harm sign never yields an intent that
 * ends or side-steps the conversation; a fraud report carries no hardship reason.
 * Deterministic and synchronous at heart (`analyse`).
 */
export class OfflineClassifier implements Classifier {
  private readonly model: LearnedModel;
  private readonly lexicon = new LexiconClassifier();

  constructor(options: OfflineClassifierOptions = {}) {
    this.model = options.model ?? shippedModel();
  }

  async classify(text: string, locale: Locale): Promise<ClassificationResult> {
    const a = this.analyse(text, locale);
    return {
      intent: a.intent,
      reason: a.reason,
      vulnerabilities: [...a.vulnerabilities],
      confidence: a.confidence,
      source: "offline",
      alternatives: [...a.alternatives],
    };
  }

  analyse(text: string, locale?: Locale): OfflineAnalysis {
    // The analysis is a pure function of the text (both lexicons always run; the locale is not
    // read), so answers are kept: the last one (a turn asks about its text more than once — the
    // keyword check's self-harm tier, then the classification), and short texts — button labels,
    // amounts, "好的" — that every borrower sends, in a small bounded cache (long texts, where a
    // borrower's story is, are never kept beyond the turn).
    if (this.last && this.last.text === text) return this.last.analysis;
    // A bare number or amount is `other` with no reason by rule (§7), not by the model: it has no
    // words to weigh. It is answered at once and kept nowhere (an account number, an ID's last
    // four or an income typed at a question is the borrower's data).
    if (BARE_NUMBER.test(normalize(text))) return BARE_NUMBER_ANALYSIS;
    // Texts with three digits in a row (an amount, an account or ID number, a phone) are never kept,
    // not even as the last one; short labels and replies are ("选择方案 1", "3到12个月", 好的, "yes").
    const short = text.length <= SHORT_TEXT && !/\d{3}/.test(text);
    const known = short ? this.shortTexts.get(text) : undefined;
    const analysis = known ?? this.analyseAfresh(text, locale);
    if (short && !known) {
      if (this.shortTexts.size >= SHORT_TEXTS_KEPT) this.shortTexts.delete(this.shortTexts.keys().next().value as string);
      this.shortTexts.set(text, analysis);
    }
    this.last = /\d{3}/.test(text) ? undefined : { text, analysis };
    return analysis;
  }

  private last: { text: string; analysis: OfflineAnalysis } | undefined;
  private readonly shortTexts = new Map<string, OfflineAnalysis>();

  private analyseAfresh(text: string, locale?: Locale): OfflineAnalysis {
    const t = normalize(text);
    if (t.length === 0) {
      return {
        intent: "other",
        reason: null,
        vulnerabilities: [],
        confidence: 0,
        injection: false,
        intentsPresent: [],
        alternatives: [],
        selfHarm: { tier: "none", detector: false, possible: 0, risk: 0 },
      };
    }
    const lex = this.lexicon.analyse(text, locale);
    const probs = this.model.predict(featureVector(t, lex));

    // Self-harm, two tiers.
    const detector = lex.selfHarmCues.length > 0;
    const [pPossible, pRisk] = [probs.selfHarm[1]!, probs.selfHarm[2]!];
    const tier = selfHarmTier(detector, { possible: pPossible, risk: pRisk, evidence: probs.selfHarmEvidence }, this.model.artefact.selfHarm);
    const vulnerabilities: Vulnerability[] = [];
    if (tier !== "none") vulnerabilities.push(tier);
    for (const v of lex.vulnerabilities) if (v !== "self_harm_risk" && v !== "self_harm_possible") vulnerabilities.push(v);

    // Intent: the calibrated distribution, then the guards.
    const p = new Map<Intent, number>(INTENTS.map((intent, k) => [intent, probs.intent[k]!]));
    const ranked = [...INTENTS].sort((a, b) => p.get(b)! - p.get(a)! || INTENTS.indexOf(a) - INTENTS.indexOf(b));
    let intent = ranked[0]!;
    let confidence = p.get(intent)!;
    // Precedence (§7) between intents the model finds about equally likely: when a second intent of
    // higher precedence is itself likely (≥ PRECEDENCE_MIN), it wins; its own probability stays the
    // confidence, so a close call is still asked about.
    const rival = ranked[1]!;
    if (p.get(rival)! >= PRECEDENCE_MIN && INTENTS.indexOf(rival) < INTENTS.indexOf(intent) && rival !== "other") {
      intent = rival;
      confidence = p.get(rival)!;
    }
    if (BARE_NUMBER.test(t) && intent !== "other") {
      intent = "other";
      confidence = p.get("other")!;
    }
    if ((tier === "self_harm_risk" && SIDE_STEPS.has(intent)) || (tier === "self_harm_possible" && intent === "cancel")) {
      confidence = p.get("describe_hardship")! + p.get(intent)!;
      intent = "describe_hardship";
    }
    const alternatives = [intent, ...ranked.filter((i) => i !== intent && !(SIDE_STEPS.has(i) && tier === "self_harm_risk"))]
      .slice(0, 3)
      .map((i) => ({ intent: i, probability: round(i === intent ? confidence : p.get(i)!) }));

    // Reason: the likeliest cause of the reason head when it reaches CAUSE_OVER_NONE (otherwise
    // null: the dialog lets the borrower pick); a fraud report is about who borrowed, not hardship.
    const labels = this.model.labels("reason");
    let cause = -1;
    for (let k = 0; k < probs.reason.length; k++) if (labels[k] !== "none" && (cause < 0 || probs.reason[k]! > probs.reason[cause]!)) cause = k;
    const label = cause >= 0 && probs.reason[cause]! >= CAUSE_OVER_NONE ? labels[cause]! : "none";
    const reason: Reason | null = intent === "report_fraud" || label === "none" ? null : (label as Reason);
    if (reason !== null && !REASONS.includes(reason)) throw new Error(`model reason label ${label} is unknown`);

    return {
      intent,
      reason,
      vulnerabilities,
      confidence: round(confidence),
      injection: lex.injection,
      intentsPresent: lex.intentsPresent,
      alternatives,
      selfHarm: { tier, detector, possible: round(pPossible), risk: round(pRisk) },
    };
  }
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
}
