import type { Agreement } from "../domain/agreement.js";
import { XieshangError } from "../errors.js";
import type { DeskStore } from "../store/types.js";
import type { DeskAudit } from "./audit.js";
import { HandoffConflict } from "./errors.js";
import type { Approval, DeskEvents } from "./events.js";

/**
 * Approval tasks (POLICY.md §5a): an agreement whose waiver is above the approval limit is stored
 * `pending_approval` and gets a task here; a supervisor approves or rejects it with a reason,
 * once (compare-and-set: two supervisors deciding at once → one wins, the other gets 409). The
 * agreement record itself is append-only; the task is its status log.
 */
export class Approvals {
  constructor(
    private readonly desk: DeskStore,
    private readonly events: DeskEvents,
    private readonly audit: DeskAudit,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One task per agreement: its id is the agreement's, so a re-run turn (exactly once) opens no second task. */
  async create(agreement: Agreement, handoffId: string | null): Promise<Approval> {
    const id = `AP-${agreement.id}`;
    const existing = await this.desk.getRecord("approval", id);
    if (existing) return JSON.parse(existing) as Approval;
    const waiver = agreement.offers.find((o) => o.type === "penalty_waiver");
    const approval: Approval = {
      id,
      agreementId: agreement.id,
      handoffId,
      conversationId: agreement.conversationId,
      agentId: agreement.agentId,
      waiverMinor: waiver?.type === "penalty_waiver" ? waiver.amountMinor : 0,
      status: "pending",
      createdAt: this.now().toISOString(),
      decidedBy: null,
      decidedAt: null,
      reason: null,
      locale: agreement.locale,
    };
    await this.desk.putRecord("approval", approval.id, JSON.stringify(approval));
    await this.desk.addApprovalId(approval.id);
    await this.events.publish({ kind: "approval", approval });
    return approval;
  }

  async get(id: string): Promise<Approval> {
    const json = await this.desk.getRecord("approval", id);
    if (!json) throw new XieshangError("not_found", `no approval ${id}`);
    return JSON.parse(json) as Approval;
  }

  async list(status: "pending" | "all" = "pending"): Promise<Approval[]> {
    const ids = await this.desk.listApprovalIds();
    const all = await Promise.all(ids.map((id) => this.desk.getRecord("approval", id)));
    return all
      .filter((j): j is string => j !== null)
      .map((j) => JSON.parse(j) as Approval)
      .filter((a) => status === "all" || a.status === "pending");
  }

  async forConversation(conversationId: string): Promise<Approval[]> {
    return (await this.list("all")).filter((a) => a.conversationId === conversationId);
  }

  async decide(id: string, supervisorId: string, decision: "approve" | "reject", reason: string): Promise<Approval> {
    const json = await this.desk.getRecord("approval", id);
    if (!json) throw new XieshangError("not_found", `no approval ${id}`);
    const current = JSON.parse(json) as Approval;
    if (current.status !== "pending") {
      throw new HandoffConflict("AlreadyDecided", `approval ${id} was already ${current.status} by ${current.decidedBy ?? "?"}`, { status: current.status, decidedBy: current.decidedBy });
    }
    const next: Approval = {
      ...current,
      status: decision === "approve" ? "approved" : "rejected",
      decidedBy: supervisorId,
      decidedAt: this.now().toISOString(),
      reason,
    };
    if (!(await this.desk.swapRecord("approval", id, json, JSON.stringify(next)))) {
      const winner = await this.get(id);
      throw new HandoffConflict("AlreadyDecided", `approval ${id} was already ${winner.status} by ${winner.decidedBy ?? "?"}`, { status: winner.status, decidedBy: winner.decidedBy });
    }
    await this.audit.append({
      actor: { kind: "supervisor", id: supervisorId },
      action: decision === "approve" ? "approval" : "rejection",
      conversationId: next.conversationId,
      ...(next.handoffId ? { handoffId: next.handoffId } : {}),
      details: { approvalId: next.id, agreementId: next.agreementId },
    });
    await this.events.publish({ kind: "approval", approval: next });
    return next;
  }
}

/** The agreement's status as it stands after its approval task (the record itself is append-only). */
export function effectiveStatus(agreement: Agreement, approvals: readonly Approval[]): Agreement["status"] {
  const task = approvals.find((a) => a.agreementId === agreement.id);
  if (agreement.status !== "pending_approval" || !task || task.status === "pending") return agreement.status;
  return task.status === "approved" ? "agreed" : "rejected";
}
