import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { Classification, Intent, Vulnerability, type ClassificationResult, type IntentProbability, type Locale } from "../domain/classification.js";
import { Reason } from "../domain/case.js";
import type { Classifier } from "./classifier.js";
import type { OfflineClassifier } from "./offline/offline-classifier.js";

/**
 * What the model must return. Compatible with OpenAI structured outputs: every field required,
 * no additional properties, `reason` nullable. Range checks happen afterwards (Classification).
 */
export const LlmClassificationSchema = z.strictObject({
  intent: Intent,
  reason: Reason.nullable(),
  vulnerabilities: z.array(Vulnerability),
  confidence: z.number(),
});

/** Why the LLM answer was not used (never contains the borrower's text). */
export type FallbackCause = "timeout" | "http_error" | "connection_error" | "refusal" | "no_output" | "invalid_output" | "error";

export interface LlmClassifierOptions {
  readonly apiKey: string;
  /** e.g. https://api.openai.com/v1 or an OpenAI-compatible server; undefined = the SDK default. */
  readonly baseURL?: string | undefined;
  readonly model: string;
  readonly timeoutMs: number;
  /** Runs on every message (safety union) and answers when the LLM cannot. */
  readonly offline: OfflineClassifier;
  /** The system prompt; default: prompts/classifier.md. */
  readonly systemPrompt?: string;
  /** Told when the offline fallback answered, with a cause code only (no message text). */
  readonly onFallback?: (cause: FallbackCause) => void;
}

/** Reads prompts/classifier.md (repository root in source, dist/prompts when built). */
export function loadClassifierPrompt(): string {
  return readFileSync(fileURLToPath(new URL("../../prompts/classifier.md", import.meta.url)), "utf8");
}

/**
 * Classifies with an OpenAI-compatible chat model (structured outputs via zod), and never fails:
 * on timeout, HTTP error, refusal, missing or invalid output it returns the offline classifier's
 * answer with `source: "offline_fallback"`. Safety never depends on the model alone: the offline
 * classifier runs on every message, its vulnerabilities (its self-harm tier first) are always added
 * to the result (of two self-harm tiers the clearer is kept), and a `request_human` the offline side
 * is sure of is kept whatever the model says. `alternatives`: the LLM's intent first, then the
 * offline model's runners-up.
 */
export class LlmClassifier implements Classifier {
  private readonly client: OpenAI;
  private readonly systemPrompt: string;

  constructor(private readonly options: LlmClassifierOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
    this.systemPrompt = options.systemPrompt ?? loadClassifierPrompt();
  }

  async classify(text: string, locale: Locale): Promise<ClassificationResult> {
    const offline = this.options.offline.analyse(text, locale);
    const fromModel = await this.ask(text, locale);
    if (!fromModel.ok) {
      this.options.onFallback?.(fromModel.cause);
      const { intent, reason, vulnerabilities, confidence, alternatives } = offline;
      return { intent, reason, vulnerabilities, confidence, source: "offline_fallback", alternatives };
    }
    const llm = fromModel.value;
    const vulnerabilities = strongestTier([...new Set([...llm.vulnerabilities, ...offline.vulnerabilities])]);
    // A request for a person the offline side is sure of (its lexicon, or a confident model) is kept.
    const offlineHuman = offline.intentsPresent.includes("request_human") || (offline.intent === "request_human" && offline.confidence >= 0.5);
    const intent = offlineHuman ? "request_human" : llm.intent;
    const confidence = offlineHuman && llm.intent !== "request_human" ? offline.confidence : llm.confidence;
    return { intent, reason: llm.reason, vulnerabilities, confidence, source: "llm", alternatives: alternativesWith(intent, confidence, offline.alternatives) };
  }

  private async ask(
    text: string,
    locale: Locale,
  ): Promise<{ ok: true; value: Classification } | { ok: false; cause: FallbackCause }> {
    try {
      const completion = await this.client.chat.completions.parse({
        model: this.options.model,
        temperature: 0,
        messages: [
          { role: "system", content: this.systemPrompt },
          { role: "user", content: `locale: ${locale}\n<message>\n${text}\n</message>` },
        ],
        response_format: zodResponseFormat(LlmClassificationSchema, "classification"),
      });
      const message = completion.choices[0]?.message;
      if (!message) return { ok: false, cause: "no_output" };
      if (message.refusal) return { ok: false, cause: "refusal" };
      if (!message.parsed) return { ok: false, cause: "no_output" };
      const checked = Classification.safeParse(message.parsed);
      if (!checked.success) return { ok: false, cause: "invalid_output" };
      return { ok: true, value: checked.data };
    } catch (err) {
      return { ok: false, cause: causeOf(err) };
    }
  }
}

/** Both self-harm tiers named (the LLM said one, the offline side the other): the clearer one is kept. */
function strongestTier(v: Vulnerability[]): Vulnerability[] {
  return v.includes("self_harm_risk") ? v.filter((x) => x !== "self_harm_possible") : v;
}

/**
 * Alternatives for an LLM answer: its intent with its own confidence first, then the offline
 * model's other likely intents sharing the rest in the offline model's proportions.
 */
function alternativesWith(intent: Intent, confidence: number, offline: readonly IntentProbability[]): IntentProbability[] {
  const others = offline.filter((a) => a.intent !== intent);
  const mass = others.reduce((s, a) => s + a.probability, 0);
  const rest = Math.max(0, 1 - confidence);
  return [
    { intent, probability: confidence },
    ...others.slice(0, 2).map((a) => ({ intent: a.intent, probability: Math.round((mass > 0 ? (a.probability / mass) * rest : 0) * 1000) / 1000 })),
  ];
}

function causeOf(err: unknown): FallbackCause {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return "timeout";
  if (err instanceof OpenAI.APIConnectionError) return "connection_error";
  if (err instanceof OpenAI.APIError) return "http_error";
  if (err instanceof SyntaxError || (err instanceof Error && err.name === "ZodError")) return "invalid_output";
  return "error";
}
