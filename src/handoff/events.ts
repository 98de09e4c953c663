import type { Agreement, HandoffRequest } from "../domain/agreement.js";
import type { Notifier, DeskStore } from "../store/types.js";
import type { TranscriptLine } from "./lines.js";
import { summaryOf, type HandoffSummary } from "./summary.js";

/** The notifier topic every agent console stream listens on (one topic: events carry their handoff). */
export const DESK_TOPIC = "desk";

/** The notifier topic an agent console listens on for one conversation (kept for existing listeners). */
export function agentTopic(conversationId: string): string {
  return `agent:${conversationId}`;
}

export type HandoffChange = "opened" | "claimed" | "transferred" | "returned" | "closed" | "urgent" | "callback" | "updated";

export interface Note {
  id: string;
  handoffId: string;
  agentId: string;
  text: string;
  at: string;
}

export interface Approval {
  id: string;
  agreementId: string;
  handoffId: string | null;
  conversationId: string;
  agentId: string | null;
  waiverMinor: number;
  status: "pending" | "approved" | "rejected";
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  locale: "zh-CN" | "en";
}

/** What the agent stream carries (documented in notes/i8api-API.md). */
export type DeskEvent =
  | { kind: "handoff"; change: HandoffChange; handoff: HandoffSummary }
  | { kind: "line"; handoffId: string; conversationId: string; queue: string; claimedBy: string | null; line: TranscriptLine }
  | { kind: "note"; handoffId: string; conversationId: string; queue: string; claimedBy: string | null; note: Note }
  | { kind: "agreement"; handoffId: string | null; conversationId: string; queue: string | null; claimedBy: string | null; agreement: Agreement }
  | { kind: "approval"; approval: Approval };

/**
 * Appends desk events to the store's log (the resumable cursor) and wakes every instance's agent
 * streams through the notifier. The log is written before the wake-up, so a woken reader finds it.
 */
export class DeskEvents {
  constructor(
    private readonly desk: Pick<DeskStore, "appendEvent">,
    private readonly notifier: Notifier,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(event: DeskEvent): Promise<string> {
    const id = await this.desk.appendEvent(JSON.stringify(event));
    await this.notifier.publish(DESK_TOPIC, id);
    return id;
  }

  handoff(change: HandoffChange, request: HandoffRequest): Promise<string> {
    return this.publish({ kind: "handoff", change, handoff: summaryOf(request, this.now()) });
  }

  line(request: HandoffRequest, line: TranscriptLine): Promise<string> {
    return this.publish({ kind: "line", handoffId: request.id, conversationId: request.conversationId, queue: request.queue, claimedBy: request.claimedBy?.id ?? null, line });
  }
}
