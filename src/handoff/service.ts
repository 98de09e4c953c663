import { randomUUID } from "node:crypto";
import {
  HandoffRequest,
  isOpenStatus,
  type AgentRef,
  type HandoffOutcome,
  type PendingAgentOffer,
} from "../domain/agreement.js";
import type { Escalation, Queue, TraceEntry } from "../domain/decision.js";
import type { Locale } from "../domain/classification.js";
import { XieshangError } from "../errors.js";
import type { Stores } from "../store/types.js";
import { noAudit, type DeskAudit } from "./audit.js";
import { HandoffConflict } from "./errors.js";
import { agentTopic, DeskEvents, type HandoffChange } from "./events.js";
import { nextStatus, type HandoffAction } from "./transitions.js";

/** Who acts on a handoff: an agent or supervisor of the desk, or the system (bot, external hub). */
export interface Actor {
  kind: "agent" | "supervisor" | "system";
  id: string;
  displayName?: string;
}

export interface OpenHandoff {
  conversationId: string;
  escalation: Escalation;
  locale: Locale;
  accountId: string | null;
  facts: Record<string, unknown>;
  trace: TraceEntry[];
  transcript: HandoffRequest["transcript"];
  channel: string;
}

export interface HandoffServiceDeps {
  stores: Pick<Stores, "handoffs" | "desk" | "notifier">;
  now?: () => Date;
  audit?: DeskAudit;
}

/** Compare-and-set retries before giving up (each retry means another writer changed it meanwhile). */
const MAX_ATTEMPTS = 50;

/**
 * The handoff as a domain module: open, claim, transfer, return to the bot, close — on ids,
 * never on a TurnContext. Every change goes through the transition table and a compare-and-set
 * on the stored version, so that of any number of concurrent claims on any number of instances
 * exactly one wins and the rest get `AlreadyClaimed`. Each change is published on the desk's
 * event log (agent streams) and audited.
 */
export class HandoffService {
  readonly events: DeskEvents;
  private readonly now: () => Date;
  private readonly audit: DeskAudit;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.events = new DeskEvents(deps.stores.desk, deps.stores.notifier, this.now);
    this.audit = deps.audit ?? noAudit;
  }

  async open(input: OpenHandoff): Promise<HandoffRequest> {
    const at = this.now().toISOString();
    const request = HandoffRequest.parse({
      id: `HO-${randomUUID()}`,
      conversationId: input.conversationId,
      queue: input.escalation.queue,
      priority: input.escalation.priority,
      reason: input.escalation.reason,
      locale: input.locale,
      accountId: input.accountId,
      facts: input.facts,
      trace: input.trace,
      transcript: input.transcript,
      status: "waiting",
      createdAt: at,
      updatedAt: at,
      claimedBy: null,
      claimedAt: null,
      closedAt: null,
      outcome: null,
      urgentReason: null,
      callbackRequested: false,
      channel: input.channel,
      lastBorrowerMessageAt: at,
      transferredFrom: null,
      pendingOffer: null,
    });
    await this.deps.stores.handoffs.enqueue(request);
    await this.events.handoff("opened", request);
    await this.deps.stores.notifier.publish(agentTopic(request.conversationId), JSON.stringify({ type: "handoff", handoffId: request.id }));
    return request;
  }

  async get(id: string): Promise<HandoffRequest> {
    const request = await this.deps.stores.handoffs.get(id);
    if (!request) throw new XieshangError("not_found", `no handoff ${id}`);
    return request;
  }

  /** Exactly one claimer wins; the others get 409 `AlreadyClaimed` naming who holds it. */
  async claim(id: string, agent: AgentRef, actor: Actor = { kind: "agent", ...agent }): Promise<HandoffRequest> {
    const after = await this.change(id, "claim", "claimed", (r, at) => ({ ...r, claimedBy: agent, claimedAt: at }));
    await this.audit.append({ actor: auditActor(actor), action: "claim", conversationId: after.conversationId, handoffId: id });
    return after;
  }

  /** Back to waiting on another queue, unclaimed. Only the holder (or a supervisor) may transfer a claimed handoff. */
  async transfer(id: string, queue: Queue, actor: Actor): Promise<HandoffRequest> {
    const after = await this.change(
      id,
      "transfer",
      "transferred",
      (r) => ({ ...r, queue, transferredFrom: r.queue, claimedBy: null, claimedAt: null, pendingOffer: null }),
      (r) => this.requireHolder(r, actor),
    );
    await this.audit.append({ actor: auditActor(actor), action: "transfer", conversationId: after.conversationId, handoffId: id, details: { queue } });
    return after;
  }

  async returnToBot(id: string, actor: Actor): Promise<HandoffRequest> {
    const after = await this.change(id, "return", "returned", (r, at) => ({ ...r, closedAt: at, pendingOffer: null }), (r) => this.requireHolder(r, actor));
    await this.audit.append({ actor: auditActor(actor), action: "return", conversationId: after.conversationId, handoffId: id });
    return after;
  }

  async close(id: string, outcome: HandoffOutcome, actor: Actor): Promise<HandoffRequest> {
    const after = await this.change(id, "close", "closed", (r, at) => ({ ...r, outcome, closedAt: at, pendingOffer: null }), (r) => this.requireHolder(r, actor));
    await this.audit.append({ actor: auditActor(actor), action: "close", conversationId: after.conversationId, handoffId: id, details: { outcome } });
    return after;
  }

  /** Raises to `urgent` (and wakes the desk) — also when it already is urgent, so the signal is seen again. */
  async raiseUrgent(id: string, reason: string): Promise<HandoffRequest> {
    return this.change(id, "raise", "urgent", (r) => ({ ...r, priority: "urgent", urgentReason: reason }));
  }

  async requestCallback(id: string): Promise<HandoffRequest> {
    return this.change(id, "touch", "callback", (r) => ({ ...r, callbackRequested: true }));
  }

  /** Records when the borrower last wrote (quiet hours: a borrower active in the last 30 min is not disturbed proactively). Not published. */
  async borrowerWrote(id: string): Promise<HandoffRequest> {
    return this.change(id, "touch", null, (r, at) => ({ ...r, lastBorrowerMessageAt: at }));
  }

  async setPendingOffer(id: string, offer: PendingAgentOffer | null): Promise<HandoffRequest> {
    return this.change(id, "touch", null, (r) => ({ ...r, pendingOffer: offer }));
  }

  /** Handoffs currently open (waiting or claimed), most urgent first, then oldest. */
  listOpen(): Promise<HandoffRequest[]> {
    return this.deps.stores.handoffs.listOpen();
  }

  /** The holder of a claimed handoff, or a supervisor; anyone may act on a waiting one (close) when allowed by role elsewhere. */
  private requireHolder(r: HandoffRequest, actor: Actor): void {
    if (actor.kind !== "agent") return;
    if (r.status === "claimed" && r.claimedBy?.id !== actor.id) {
      throw new HandoffConflict("NotYours", `handoff ${r.id} is held by ${r.claimedBy?.displayName ?? "another agent"}`, { claimedBy: r.claimedBy ?? null, claimedAt: r.claimedAt ?? null });
    }
    if (r.status === "waiting") {
      throw new HandoffConflict("InvalidTransition", `claim handoff ${r.id} first`, { from: r.status });
    }
  }

  /**
   * Read → check the table (and `check`) → write with compare-and-set on the version; when another
   * writer came first, read again and decide again. Publishes `change` (unless null) on success.
   */
  private async change(
    id: string,
    action: HandoffAction,
    change: HandoffChange | null,
    mutate: (r: HandoffRequest, at: string) => HandoffRequest,
    check?: (r: HandoffRequest) => void,
  ): Promise<HandoffRequest> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.deps.stores.handoffs.getVersioned(id);
      if (!stored) throw new XieshangError("not_found", `no handoff ${id}`);
      const before = stored.request;
      const to = nextStatus(before.status, action);
      if (to === null) throw refusal(before, action);
      check?.(before);
      const at = this.now().toISOString();
      const after = { ...mutate(before, at), status: to, updatedAt: at };
      if (await this.deps.stores.handoffs.replace(after, stored.version)) {
        if (change !== null) await this.events.handoff(change, after);
        if (change === "urgent") {
          await this.deps.stores.notifier.publish(agentTopic(after.conversationId), JSON.stringify({ type: "urgent", handoffId: id }));
        }
        return after;
      }
    }
    throw new XieshangError("unavailable", `handoff ${id} is changing too often; try again`);
  }
}

function refusal(r: HandoffRequest, action: HandoffAction): HandoffConflict {
  if (action === "claim" && r.status === "claimed") {
    return new HandoffConflict("AlreadyClaimed", `taken by ${r.claimedBy?.displayName ?? "another agent"} at ${r.claimedAt ?? "?"}`, {
      claimedBy: r.claimedBy ?? null,
      claimedAt: r.claimedAt ?? null,
    });
  }
  const open = isOpenStatus(r.status) ? "open" : r.status;
  return new HandoffConflict("InvalidTransition", `cannot ${action} a handoff that is ${r.status === "waiting" || r.status === "claimed" ? r.status : open}`, {
    from: r.status,
    action,
  });
}

function auditActor(actor: Actor): { kind: "agent" | "supervisor" | "system"; id: string } {
  return { kind: actor.kind, id: actor.id };
}
