import type { HandoffRequest } from "../domain/agreement.js";

/** A handoff as the queue shows it (notes/i8api-API.md `HandoffSummary`). */
export interface HandoffSummary {
  id: string;
  conversationId: string;
  queue: HandoffRequest["queue"];
  priority: HandoffRequest["priority"];
  reason: HandoffRequest["reason"];
  locale: HandoffRequest["locale"];
  status: HandoffRequest["status"];
  createdAt: string;
  updatedAt: string;
  waitingSeconds: number;
  claimedBy: { id: string; displayName: string } | null;
  claimedAt: string | null;
  channel: string;
  lastBorrowerMessageAt: string | null;
  callbackRequested: boolean;
  urgentReason: string | null;
  outcome: HandoffRequest["outcome"] | null;
  closedAt: string | null;
}

export function summaryOf(r: HandoffRequest, now: Date): HandoffSummary {
  const created = Date.parse(r.createdAt);
  return {
    id: r.id,
    conversationId: r.conversationId,
    queue: r.queue,
    priority: r.priority,
    reason: r.reason,
    locale: r.locale,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt ?? r.createdAt,
    waitingSeconds: Number.isFinite(created) ? Math.max(0, Math.floor((now.getTime() - created) / 1000)) : 0,
    claimedBy: r.claimedBy ?? null,
    claimedAt: r.claimedAt ?? null,
    channel: r.channel ?? "unknown",
    lastBorrowerMessageAt: r.lastBorrowerMessageAt ?? null,
    callbackRequested: r.callbackRequested ?? false,
    urgentReason: r.urgentReason ?? null,
    outcome: r.outcome ?? null,
    closedAt: r.closedAt ?? null,
  };
}
