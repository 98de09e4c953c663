import type { Agreement, HandoffRequest } from "../../domain/agreement.js";
import { Hardship, HardshipCase, NO_FLAGS } from "../../domain/case.js";
import type { Agent } from "../agents.js";
import { effectiveStatus } from "../approvals.js";
import type { DeskEvent, Note } from "../events.js";
import { lineOf, type TranscriptLine } from "../lines.js";
import { quietState } from "../quiet.js";
import { summaryOf } from "../summary.js";
import type { DeskDeps } from "./deps.js";

const HARDSHIP_KEYS = Object.keys(Hardship.shape) as Array<keyof Hardship>;

/** Who may see a handoff: supervisors all; agents their queues and what they hold. */
export function canSee(agent: Agent, h: { queue: HandoffRequest["queue"]; claimedBy?: { id: string } | null }): boolean {
  return agent.role === "supervisor" || h.claimedBy?.id === agent.id || agent.queues.includes(h.queue);
}

/** Whether an event of the stream is for this agent (notes/i8api-API.md). */
export function visibleTo(agent: Agent, event: DeskEvent): boolean {
  if (agent.role === "supervisor") return true;
  switch (event.kind) {
    case "handoff":
      return canSee(agent, event.handoff);
    case "approval":
      return event.approval.agentId === agent.id;
    default: {
      if (event.claimedBy) return event.claimedBy === agent.id;
      return event.queue !== null && agent.queues.includes(event.queue as HandoffRequest["queue"]);
    }
  }
}

/** The borrower's confirmed facts as the handoff recorded them. */
export function factsOf(h: HandoffRequest) {
  const f = h.facts;
  const hardship: Partial<Hardship> = {};
  for (const key of HARDSHIP_KEYS) if (f[key] !== undefined) (hardship as Record<string, unknown>)[key] = f[key];
  return { identityVerified: h.accountId !== null, account: (f["account"] as HardshipCase["account"] | undefined) ?? null, hardship };
}

/** The case the engine would decide on from the confirmed facts alone (null while incomplete). */
export function confirmedCase(h: HandoffRequest): HardshipCase | null {
  const facts = factsOf(h);
  const parsed = HardshipCase.safeParse({ identityVerified: facts.identityVerified, account: facts.account, hardship: facts.hardship, flags: { ...NO_FLAGS } });
  return parsed.success ? parsed.data : null;
}

export async function transcriptOf(deps: DeskDeps, conversationId: string): Promise<TranscriptLine[]> {
  const entries = await deps.stores.transcripts.read(conversationId);
  return entries.map((e) => lineOf(e.id, e.activity)).filter((l): l is TranscriptLine => l !== null);
}

export async function detailOf(deps: DeskDeps, h: HandoffRequest) {
  const now = deps.now();
  const [transcript, agreements, noteJsons, approvals] = await Promise.all([
    transcriptOf(deps, h.conversationId),
    deps.stores.agreements.listByConversation(h.conversationId),
    deps.stores.desk.listNotes(h.id),
    deps.approvals.forConversation(h.conversationId),
  ]);
  const borrowerLines = transcript.filter((l) => l.from === "borrower" && l.text.trim().length > 0).slice(-20);
  const suggestions = await Promise.all(
    borrowerLines.map(async (l) => {
      const c = await deps.suggestions.classify(l.text, h.locale);
      return { lineId: l.id, intent: c.intent, reason: c.reason, vulnerabilities: c.vulnerabilities, confidence: c.confidence, machine: true as const };
    }),
  );
  const known = confirmedCase(h);
  return {
    handoff: summaryOf(h, now),
    transcript,
    transcriptCursor: transcript[transcript.length - 1]?.id ?? null,
    facts: factsOf(h),
    decision: known ? deps.decide(known) : null,
    trace: h.trace,
    suggestions,
    agreements: agreements.map((a: Agreement) => ({ ...a, status: effectiveStatus(a, approvals) })),
    notes: noteJsons.map((j) => JSON.parse(j) as Note),
    approvals,
    pendingOffer: h.pendingOffer ? { offerId: h.pendingOffer.offerId, offer: h.pendingOffer.offer, sentAt: h.pendingOffer.sentAt, agentId: h.pendingOffer.agentId } : null,
    quietHours: quietState(now, h, deps.config),
  };
}
