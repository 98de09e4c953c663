import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import { z } from "zod";
import { Agreement, needsApproval, statusOf, type HandoffRequest } from "../domain/agreement.js";
import { consentActivityId } from "./messageKey.js";
import { t } from "../i18n/catalog.js";
import type { Approvals } from "../handoff/approvals.js";
import type { DeskAudit } from "../handoff/audit.js";
import type { HandoffService } from "../handoff/service.js";
import { isPlainYes } from "../i18n/answers.js";
import type { AgreementStore } from "../store/types.js";
import { newSession, type Session } from "../../dialogs/session.js";

const AgreeValue = z.looseObject({ xsAgentOffer: z.string(), choice: z.literal("agree") });

export interface AgentConsentDeps {
  service: HandoffService;
  agreements: AgreementStore;
  approvals: Approvals;
  audit: DeskAudit;
  session: StatePropertyAccessor<Session>;
  /** A new agreement reference (the same one when a keyed turn runs again after a crash). */
  newAgreementId(context: TurnContext): string;
  now(): Date;
  say(context: TurnContext, handoff: HandoffRequest, text: string): Promise<void>;
}

/**
 * The borrower's reply to an offer an agent sent (POLICY.md §6 explicit consent): ONLY that
 * card's agree button (its postBack names the offer) or words that say yes and nothing else make
 * an agreement, stored with the agent's id, the terms shown and the proof of consent (§5a). A
 * button from another card, a question, a hesitation or anything else is not consent: it is left
 * to the agent (already relayed) and answered by the gate's acknowledgement.
 */
export class AgentConsent {
  constructor(private readonly deps: AgentConsentDeps) {}

  /** True when the message was consent and the agreement is stored. */
  async handle(context: TurnContext, handoff: HandoffRequest): Promise<boolean> {
    const pending = handoff.pendingOffer;
    if (!pending) return false;
    const activity = context.activity;
    const value = AgreeValue.safeParse(activity.value);
    let button = false;
    if (value.success) {
      if (value.data.xsAgentOffer !== pending.offerId) return false; // an older card's button never consents
      button = true;
    } else if (!isPlainYes(activity.text ?? "")) {
      return false;
    }
    const session = await this.deps.session.get(context, newSession());
    if (!session.verified) return false;
    const locale = handoff.locale;
    const chosen = [pending.offer, ...pending.offersShown.filter((o) => o.type === "penalty_waiver")];
    const status = statusOf(chosen);
    const at = this.deps.now().toISOString();
    const agreement = Agreement.parse({
      id: this.deps.newAgreementId(context),
      conversationId: handoff.conversationId,
      accountId: session.verified.accountId,
      locale,
      case: pending.case,
      offers: chosen,
      policyVersion: pending.policyVersion,
      trace: pending.trace,
      textShown: pending.textShown,
      offersShown: pending.offersShown,
      consent: {
        activityId: consentActivityId(activity),
        channel: activity.channelId ?? "unknown",
        words: button ? t(locale, "terms.confirm") : (activity.text ?? ""),
        button,
        at,
      },
      verifiedAt: session.verifiedAt,
      agentId: pending.agentId,
      vulnerabilityNote: null,
      status,
      createdAt: at,
    });
    await this.deps.agreements.save(agreement);
    const after = await this.deps.service.setPendingOffer(handoff.id, null);
    await this.deps.audit.append({
      actor: { kind: "borrower", id: "borrower" },
      action: "agreement_stored",
      conversationId: handoff.conversationId,
      handoffId: handoff.id,
      details: { agreementId: agreement.id, agentId: pending.agentId, status },
    });
    await this.deps.service.events.publish({ kind: "agreement", handoffId: handoff.id, conversationId: handoff.conversationId, queue: after.queue, claimedBy: after.claimedBy?.id ?? null, agreement });
    if (needsApproval(chosen)) await this.deps.approvals.create(agreement, handoff.id);
    const key = status === "agreed" ? "desk.agreed" : status === "pending_approval" ? "desk.pendingApproval" : "desk.pendingGuarantor";
    const lines = [t(locale, key, { id: agreement.id })];
    if (status === "pending_guarantor_consent" && needsApproval(chosen)) lines.push(t(locale, "agreement.waiverPending"));
    await this.deps.say(context, after, lines.join("\n\n"));
    return true;
  }
}
