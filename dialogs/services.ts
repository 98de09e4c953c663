import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { AccountDirectory, VerificationSecrets } from "../src/accounts/index.js";
import type { Agreement } from "../src/domain/agreement.js";
import type { HardshipCase } from "../src/domain/case.js";
import type { ClassificationResult, Locale } from "../src/domain/classification.js";
import type { Decision, Escalation, TraceEntry } from "../src/domain/decision.js";
import { localeOf, t, type Params } from "../src/i18n/catalog.js";
import type { AgreementStore, VerificationLockout, VerificationMarkers } from "../src/store/types.js";
import type { Classifier } from "../src/understanding/classifier.js";
import type { Session } from "./session.js";
import { newSession } from "./session.js";

/** What the dialogs need, passed in through constructors (tests hand in real in-memory parts). */
export interface DialogServices {
  classifier: Classifier;
  /** Labels below this confidence are not acted on (CLASSIFIER_MIN_CONFIDENCE). */
  minConfidence: number;
  /** Dispute, fraud and complaint labels at or above this route at once; below, they are confirmed (CLASSIFIER_ROUTE_CONFIDENCE). */
  routeConfidence: number;
  /** The crisis-support contacts per locale (CRISIS_SUPPORT_ZH / _EN). */
  crisisSupport: Record<Locale, string>;
  /** The rules engine with the policy already bound. */
  decide(input: HardshipCase): Decision;
  /** Policy data the terms mention: the waiver amount above which an agent approves. */
  waiverApprovalAboveMinor: number;
  accounts: AccountDirectory;
  /** Verification without keeping the answers (POLICY.md §8) and the per-account lockout (§6). */
  verification: VerificationServices;
  agreements: AgreementStore;
  /** Opens a supervisor's approval task for an agreement whose waiver needs one (idempotent per agreement). */
  approvals: { create(agreement: Agreement, handoffId: string | null): Promise<unknown> };
  session: StatePropertyAccessor<Session>;
  /** Hands the conversation to a person (src/bot/handoff.ts): messages, queue, notifier. */
  escalate(context: TurnContext, escalation: Escalation, trace?: TraceEntry[]): Promise<void>;
  /** A new agreement reference (the same one when a keyed turn runs again after a crash). */
  newAgreementId(context: TurnContext): string;
  now(): Date;
}

export interface VerificationServices {
  secrets: VerificationSecrets;
  lockout: VerificationLockout;
  /** Marks the conversation as waiting on a verification answer (its next message is stored redacted). */
  markers: VerificationMarkers;
}

/** The borrower's locale for this turn (activity.locale: zh* → zh-CN, else en). */
export function localeFor(context: TurnContext): Locale {
  return localeOf(context.activity.locale);
}

/** Renders a catalog message for this turn's locale. */
export function text(context: TurnContext, key: string, params?: Params): string {
  return t(localeFor(context), key, params);
}

export async function sessionOf(services: DialogServices, context: TurnContext): Promise<Session> {
  return services.session.get(context, newSession());
}

const CLASSIFICATION = Symbol("xieshang.classification");

/** The classification of this turn's text, when the interruption check already asked for one. */
export function turnClassification(context: TurnContext): ClassificationResult | undefined {
  return context.turnState.get(CLASSIFICATION) as ClassificationResult | undefined;
}
export function setTurnClassification(context: TurnContext, result: ClassificationResult): void {
  context.turnState.set(CLASSIFICATION, result);
}

/** Classifies this turn's text once per turn. */
export async function classifyTurn(services: DialogServices, context: TurnContext): Promise<ClassificationResult> {
  const known = turnClassification(context);
  if (known) return known;
  const result = await services.classifier.classify(context.activity.text ?? "", localeFor(context));
  setTurnClassification(context, result);
  return result;
}
