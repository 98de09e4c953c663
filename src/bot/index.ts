import { randomBytes } from "node:crypto";
import { type TurnContext, UserState } from "botbuilder";
import type { DialogState } from "botbuilder-dialogs";
import { type AccountDirectory, VerificationSecrets } from "../accounts/index.js";
import type { Config } from "../config.js";
import { catalogs } from "../i18n/catalog.js";
import { decide, type Policy } from "../rules/index.js";
import type { Stores } from "../store/types.js";
import type { Classifier } from "../understanding/classifier.js";
import { MainDialog } from "../../dialogs/mainDialog.js";
import type { DialogServices } from "../../dialogs/services.js";
import { newSession, type Session } from "../../dialogs/session.js";
import { Handoff } from "./handoff.js";
import { HandoffGate } from "./handoffGate.js";
import { HandoffService } from "../handoff/service.js";
import { Approvals } from "../handoff/approvals.js";
import { AgentConsent } from "./agentConsent.js";
import { HandoffProtocol } from "./handoffProtocol.js";
import { NegotiationBot } from "./negotiationBot.js";
import { TranscriptMiddleware } from "./transcriptMiddleware.js";
import { RetrySafeAgreements } from "./retrySafeAgreements.js";
import { turnBytes } from "./turnScope.js";
import { JsonConversationState } from "./state.js";
import { shareDialogsComponentRegistration } from "./dialogsRegistration.js";

export { NegotiationBot } from "./negotiationBot.js";
export { Handoff, agentTopic, transcriptLine } from "./handoff.js";
export { TranscriptMiddleware } from "./transcriptMiddleware.js";

export interface BotDeps {
  stores: Stores;
  classifier: Classifier;
  policy: Policy;
  accounts: AccountDirectory;
  config: Config;
}

/** Options for tests: a fixed clock and agreement ids. */
export interface BotOptions {
  now?: () => Date;
  newAgreementId?: () => string;
}

/** A short, unambiguous reference the borrower can read out: XS- and 8 characters. */
export function newAgreementId(bytes: Uint8Array = randomBytes(8)): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return `XS-${[...bytes.subarray(0, 8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

/** Builds the one bot every channel runs (state over stores.storage, dialogs, handoff). */
export function createBot(deps: BotDeps, options: BotOptions = {}): NegotiationBot {
  catalogs(); // loads and validates both catalogs now, not on the first message
  shareDialogsComponentRegistration();
  const conversationState = new JsonConversationState(deps.stores.storage, deps.stores.accountIndex);
  const userState = new UserState(deps.stores.storage);
  const session = conversationState.createProperty<Session>("session");
  const dialogState = conversationState.createProperty<DialogState>("dialogState");
  const now = options.now ?? (() => new Date());
  const service = new HandoffService({ stores: deps.stores, now, audit: deps.stores.audit });
  const botRef: { current?: NegotiationBot } = {};
  const protocol = new HandoffProtocol({
    config: deps.config,
    transcripts: deps.stores.transcripts,
    service,
    reset: async (context) => {
      const current = await session.get(context, newSession());
      await botRef.current!.resetConversation(context, current);
    },
  });
  const handoff = new Handoff({ stores: deps.stores, config: deps.config, session, service, initiate: (context, request) => protocol.initiate(context, request) });
  // Within a keyed turn the id is the turn's own (a re-run after a crash names the same agreement).
  const agreementIdFor = options.newAgreementId ?? ((context: TurnContext) => newAgreementId(turnBytes(context, "agreement")));
  const agentConsent: { current?: AgentConsent } = {};
  const handoffGate = new HandoffGate({
    service,
    stores: deps.stores,
    classifier: deps.classifier,
    config: deps.config,
    now,
    told: conversationState.createProperty<string>("handoffTold"),
    consent: (context, active) => agentConsent.current!.handle(context, active),
  });
  const approvals = new Approvals(deps.stores.desk, service.events, deps.stores.audit, now);
  agentConsent.current = new AgentConsent({
    service,
    agreements: deps.stores.agreements,
    approvals,
    audit: deps.stores.audit,
    session,
    newAgreementId: agreementIdFor,
    now,
    say: (context, handoff, text) => handoffGate.say(context, handoff, text),
  });
  const services: DialogServices = {
    classifier: deps.classifier,
    minConfidence: deps.config.CLASSIFIER_MIN_CONFIDENCE,
    routeConfidence: deps.config.CLASSIFIER_ROUTE_CONFIDENCE,
    crisisSupport: { "zh-CN": deps.config.CRISIS_SUPPORT_ZH, en: deps.config.CRISIS_SUPPORT_EN },
    decide: (input) => decide(input, deps.policy),
    waiverApprovalAboveMinor: deps.policy.waiver.approvalAboveMinor,
    accounts: deps.accounts,
    verification: { secrets: new VerificationSecrets(deps.config.DIRECT_LINE_SECRET), lockout: deps.stores.lockout, markers: deps.stores.verifying },
    agreements: new RetrySafeAgreements(deps.stores.agreements),
    approvals,
    session,
    escalate: async (context, escalation, trace) => {
      await handoff.escalate(context, escalation, trace);
    },
    newAgreementId: agreementIdFor,
    now,
  };
  botRef.current = new NegotiationBot({
    stores: deps.stores,
    conversationState,
    userState,
    dialogState,
    session,
    dialog: new MainDialog(services),
    handoffGate,
    handoffProtocol: protocol,
    defaultLocale: deps.config.DEFAULT_LOCALE,
  });
  return botRef.current;
}

/** The middleware the console adapter, CloudAdapter and tests put in front of the bot. */
export function transcriptMiddleware(stores: Stores): TranscriptMiddleware {
  return new TranscriptMiddleware(stores.transcripts, stores.verifying);
}
