/* The desk's state as a pure reducer: REST answers and stream events go through it, so a replayed
 * event (after a reload or reconnect) changes nothing twice. */
export const PRIORITY_ORDER = ["urgent", "high", "normal"];
const OPEN = new Set(["waiting", "claimed"]);

export const initialDesk = {
  handoffs: {},
  selectedId: null,
  detail: null,
  approvals: [],
  newUrgent: 0,
};

const stamp = (summary) => ({ ...summary, receivedAt: Date.now() });

function upsertById(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i === -1) return [...list, item];
  const copy = list.slice();
  copy[i] = item;
  return copy;
}

/** An agreement's status as its approval task leaves it (the stored record is append-only). */
export function effectiveStatus(agreement, approvals) {
  const task = (approvals ?? []).find((a) => a.agreementId === agreement.id);
  if (agreement.status !== "pending_approval" || !task || task.status === "pending") return agreement.status;
  return task.status === "approved" ? "agreed" : "rejected";
}

const withEffective = (d) => ({ ...d, agreements: (d.agreements ?? []).map((a) => ({ ...a, status: effectiveStatus(a, d.approvals) })) });

function withDetail(state, handoffId, change) {
  if (!state.detail || state.detail.handoff.id !== handoffId) return state;
  return { ...state, detail: change(state.detail) };
}

export function deskReducer(state, action) {
  switch (action.type) {
    case "queue": {
      const handoffs = {};
      for (const h of action.handoffs) handoffs[h.id] = stamp(h);
      return { ...state, handoffs };
    }
    case "select":
      return { ...state, selectedId: action.id, detail: state.detail && state.detail.handoff.id === action.id ? state.detail : null };
    case "detail":
      if (action.detail.handoff.id !== state.selectedId) return state;
      return {
        ...state,
        detail: action.detail,
        handoffs: OPEN.has(action.detail.handoff.status) ? { ...state.handoffs, [action.detail.handoff.id]: stamp(action.detail.handoff) } : state.handoffs,
      };
    case "handoff": {
      const h = action.handoff;
      const handoffs = { ...state.handoffs };
      const isNew = !handoffs[h.id];
      if (OPEN.has(h.status)) handoffs[h.id] = stamp(h);
      else delete handoffs[h.id];
      const urgentArrived = h.priority === "urgent" && h.status === "waiting" && (isNew || action.change === "urgent");
      const next = { ...state, handoffs, newUrgent: state.newUrgent + (urgentArrived ? 1 : 0) };
      return withDetail(next, h.id, (d) => ({ ...d, handoff: h }));
    }
    case "line":
      return withDetail(state, action.handoffId, (d) =>
        d.transcript.some((l) => l.id === action.line.id) ? d : { ...d, transcript: [...d.transcript, action.line], transcriptCursor: action.line.id },
      );
    case "note":
      return withDetail(state, action.handoffId, (d) => ({ ...d, notes: upsertById(d.notes ?? [], action.note) }));
    case "agreement": {
      const d = state.detail;
      if (!d || (d.handoff.id !== action.handoffId && d.handoff.conversationId !== action.conversationId)) return state;
      return { ...state, detail: withEffective({ ...d, agreements: upsertById(d.agreements ?? [], action.agreement) }) };
    }
    case "approvals":
      return { ...state, approvals: action.approvals };
    case "approval": {
      const approvals = action.approval.status === "pending" ? upsertById(state.approvals, action.approval) : state.approvals.filter((a) => a.id !== action.approval.id);
      const next = { ...state, approvals };
      const d = next.detail;
      if (d && d.handoff.conversationId === action.approval.conversationId) return { ...next, detail: withEffective({ ...d, approvals: upsertById(d.approvals ?? [], action.approval) }) };
      return next;
    }
    case "seenUrgent":
      return { ...state, newUrgent: 0 };
    case "reset":
      return { ...initialDesk };
    default:
      return state;
  }
}

/** A stream frame as a reducer action (or null). */
export function actionForEvent(event) {
  switch (event?.kind) {
    case "handoff":
      return { type: "handoff", handoff: event.handoff, change: event.change };
    case "line":
      return { type: "line", handoffId: event.handoffId, line: event.line };
    case "note":
      return { type: "note", handoffId: event.handoffId, note: event.note };
    case "agreement":
      return { type: "agreement", handoffId: event.handoffId, conversationId: event.conversationId, agreement: event.agreement };
    case "approval":
      return { type: "approval", approval: event.approval };
    default:
      return null;
  }
}

/** The queue as the agent sees it: by priority, then oldest; and the ones this agent holds. */
export function queueGroups(handoffs, agentId) {
  const all = Object.values(handoffs).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const isMine = (h) => h.status === "claimed" && h.claimedBy?.id === agentId;
  const groups = PRIORITY_ORDER.map((priority) => ({ priority, items: all.filter((h) => h.priority === priority && !isMine(h)) })).filter(
    (g) => g.items.length > 0,
  );
  const mine = all.filter(isMine);
  return { groups, mine };
}

/** Lines in their order, notes placed by time, and the handoff divider before the first line after the handoff. */
export function timeline(transcript, notes, handoffCreatedAt) {
  const items = [];
  const pending = [...(notes ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const handoffAt = Date.parse(handoffCreatedAt);
  let dividerPlaced = false;
  for (const line of transcript) {
    const at = Date.parse(line.at);
    if (!dividerPlaced && at >= handoffAt) {
      items.push({ kind: "divider", id: "divider" });
      dividerPlaced = true;
    }
    while (pending.length > 0 && Date.parse(pending[0].at) <= at) items.push({ kind: "note", id: `note-${pending[0].id}`, note: pending.shift() });
    items.push({ kind: "line", id: `line-${line.id}`, line });
  }
  if (!dividerPlaced) items.push({ kind: "divider", id: "divider" });
  for (const note of pending) items.push({ kind: "note", id: `note-${note.id}`, note });
  return items;
}

/** How many open conversations each person holds (the supervisor's view of the load), most first. */
export function agentLoad(handoffs) {
  const counts = new Map();
  for (const h of Object.values(handoffs)) {
    if (h.status !== "claimed" || !h.claimedBy) continue;
    const entry = counts.get(h.claimedBy.id) ?? { id: h.claimedBy.id, name: h.claimedBy.displayName, count: 0 };
    entry.count += 1;
    counts.set(h.claimedBy.id, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
