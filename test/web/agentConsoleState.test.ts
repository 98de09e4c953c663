/**
 * The console's pure logic, run in Node on the very modules the browser loads: the desk reducer
 * (queue order, replayed stream events, urgent badge), the transcript timeline (notes by time,
 * the handoff divider), and the facts form (yuan ↔ minor units, bad numbers named).
 */
import { expect } from "chai";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AGENT_PUBLIC_DIR } from "../../src/web/agent/index.js";
import { DURATIONS, REASONS } from "../../src/domain/case.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const load = (file: string): Promise<any> => import(pathToFileURL(join(AGENT_PUBLIC_DIR, file)).href);

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 11, 1, 12, 0) - minutesAgo * 60_000).toISOString();
function summary(id: string, priority: string, minutesAgo: number, extra: Record<string, unknown> = {}) {
  return { id, conversationId: `c-${id}`, queue: "general", priority, reason: "borrower_request", locale: "zh-CN", status: "waiting", createdAt: at(minutesAgo), waitingSeconds: minutesAgo * 60, claimedBy: null, claimedAt: null, ...extra };
}

describe("the agent console's state", () => {
  it("when the queue is grouped, then urgent comes first, then high, then normal, oldest first in each, and what I hold is apart as mine", async () => {
    const { deskReducer, initialDesk, queueGroups } = await load("store.js");
    const state = deskReducer(initialDesk, {
      type: "queue",
      handoffs: [
        summary("n-new", "normal", 1),
        summary("u", "urgent", 2),
        summary("n-old", "normal", 30),
        summary("h", "high", 5),
        summary("mine", "normal", 60, { status: "claimed", claimedBy: { id: "me", displayName: "Me" } }),
        summary("theirs", "high", 40, { status: "claimed", claimedBy: { id: "li", displayName: "小李" } }),
      ],
    });
    const { groups, mine } = queueGroups(state.handoffs, "me");
    expect(groups.map((g: any) => [g.priority, g.items.map((h: any) => h.id)])).to.deep.equal([
      ["urgent", ["u"]],
      ["high", ["theirs", "h"]],
      ["normal", ["n-old", "n-new"]],
    ]);
    expect(mine.map((h: any) => h.id)).to.deep.equal(["mine"]);
  });

  it("when a supervisor looks at the queue, then each person's load counts the conversations they hold, most first", async () => {
    const { deskReducer, initialDesk, agentLoad } = await load("store.js");
    const li = { id: "li", displayName: "小李" };
    const wang = { id: "wang", displayName: "小王" };
    const state = deskReducer(initialDesk, {
      type: "queue",
      handoffs: [
        summary("1", "normal", 1, { status: "claimed", claimedBy: wang }),
        summary("2", "high", 2, { status: "claimed", claimedBy: li }),
        summary("3", "urgent", 3, { status: "claimed", claimedBy: li }),
        summary("4", "normal", 4),
      ],
    });
    expect(agentLoad(state.handoffs)).to.deep.equal([
      { id: "li", name: "小李", count: 2 },
      { id: "wang", name: "小王", count: 1 },
    ]);
  });

  it("when a stream event is replayed after a reconnect, then the transcript and notes hold it once", async () => {
    const { deskReducer, initialDesk, actionForEvent } = await load("store.js");
    let state = deskReducer(initialDesk, { type: "queue", handoffs: [summary("a", "normal", 3)] });
    state = deskReducer(state, { type: "select", id: "a" });
    state = deskReducer(state, { type: "detail", detail: { handoff: summary("a", "normal", 3), transcript: [{ id: "1", from: "bot", text: "hi", at: at(3) }], notes: [] } });
    const line = { kind: "line", handoffId: "a", conversationId: "c-a", line: { id: "2", from: "borrower", text: "<b>x</b>", at: at(1) } };
    const note = { kind: "note", handoffId: "a", conversationId: "c-a", note: { id: "n1", handoffId: "a", agentId: "me", text: "calm", at: at(1) } };
    for (const event of [line, note, line, note]) state = deskReducer(state, actionForEvent(event));
    expect(state.detail.transcript.map((l: any) => l.id)).to.deep.equal(["1", "2"]);
    expect(state.detail.notes.map((n: any) => n.id)).to.deep.equal(["n1"]);
    // A line for another conversation does not leak into this one.
    state = deskReducer(state, actionForEvent({ ...line, handoffId: "b", line: { ...line.line, id: "9" } }));
    expect(state.detail.transcript).to.have.length(2);
  });

  it("when a handoff closes or a new urgent one opens, then the queue drops the closed one and counts the urgent arrival once", async () => {
    const { deskReducer, initialDesk, actionForEvent } = await load("store.js");
    let state = deskReducer(initialDesk, { type: "queue", handoffs: [summary("a", "normal", 3)] });
    state = deskReducer(state, actionForEvent({ kind: "handoff", change: "closed", handoff: summary("a", "normal", 3, { status: "closed" }) }));
    expect(Object.keys(state.handoffs)).to.deep.equal([]);
    const urgent = { kind: "handoff", change: "opened", handoff: summary("u", "urgent", 0) };
    state = deskReducer(state, actionForEvent(urgent));
    state = deskReducer(state, actionForEvent(urgent)); // replayed
    expect(state.newUrgent).to.equal(1);
    expect(Object.keys(state.handoffs)).to.deep.equal(["u"]);
    expect(deskReducer(state, { type: "seenUrgent" }).newUrgent).to.equal(0);
  });

  it("when a supervisor decides an approval, then the open conversation's agreement shows the status that decision leaves it in", async () => {
    const { deskReducer, initialDesk, actionForEvent } = await load("store.js");
    let state = deskReducer(initialDesk, { type: "select", id: "a" });
    const agreement = { id: "XS-1", status: "pending_approval", agentId: "demo-agent" };
    const task = { id: "AP-1", agreementId: "XS-1", handoffId: "a", conversationId: "c-a", status: "pending" };
    state = deskReducer(state, { type: "detail", detail: { handoff: summary("a", "normal", 3), transcript: [], notes: [], agreements: [agreement], approvals: [task] } });
    expect(state.detail.agreements[0].status).to.equal("pending_approval");
    state = deskReducer(state, actionForEvent({ kind: "approval", approval: { ...task, status: "approved", reason: "ok" } }));
    expect(state.detail.agreements[0].status).to.equal("agreed");
    state = deskReducer(state, actionForEvent({ kind: "agreement", handoffId: "a", conversationId: "c-a", agreement }));
    expect(state.detail.agreements[0].status, "a replayed raw agreement keeps the decided status").to.equal("agreed");
  });

  it("when the transcript is laid out, then notes sit at their time and the handoff divider precedes the first line after the handoff", async () => {
    const { timeline } = await load("store.js");
    const lines = [
      { id: "1", from: "bot", text: "hello", at: at(10) },
      { id: "2", from: "borrower", text: "person please", at: at(6) },
      { id: "3", from: "agent", text: "I am here", at: at(2) },
    ];
    const items = timeline(lines, [{ id: "n", text: "note", at: at(3) }], at(5));
    expect(items.map((i: any) => (i.kind === "line" ? i.line.id : i.kind))).to.deep.equal(["1", "2", "divider", "note", "3"]);
    expect(timeline(lines, [], at(0)).at(-1).kind, "a handoff after every line: the divider is last").to.equal("divider");
  });

  it("when the agent edits the facts form, then amounts in yuan become minor units, empty fields are left out, and a bad number names its field", async () => {
    const { formFrom, hardshipFrom, HARDSHIP_REASONS, DURATIONS: formDurations } = await load("facts.js");
    expect(HARDSHIP_REASONS, "every hardship reason can be picked").to.deep.equal([...REASONS]);
    expect(formDurations).to.deep.equal([...DURATIONS]);
    const form = formFrom({ reason: "job_loss", monthlyIncomeMinor: 600000 });
    expect(form.monthlyIncomeMinor).to.equal("6000");
    const edited = { ...form, affordableMonthlyMinor: "1,200.50", willingToRepay: "true" };
    expect(hardshipFrom(edited)).to.deep.equal({
      hardship: { reason: "job_loss", monthlyIncomeMinor: 600000, affordableMonthlyMinor: 120050, willingToRepay: true },
      bad: [],
    });
    expect(hardshipFrom({ ...edited, essentialExpensesMinor: "four thousand" }).bad).to.deep.equal(["essentialExpensesMinor"]);
  });

  it("when money and waiting times are shown, then they are in each locale's form and the wait counts on from the server's figure", async () => {
    const { money, duration, waitingNow } = await load("format.js");
    expect(money(123456, "en")).to.equal("¥1,234.56");
    expect(money(123456, "zh-CN")).to.equal("1,234.56 元");
    expect([duration(5), duration(65), duration(3725)]).to.deep.equal(["0:05", "1:05", "1:02:05"]);
    expect(waitingNow({ waitingSeconds: 100, receivedAt: 1_000_000 }, 1_030_000)).to.equal(130);
  });
});

describe("the agent console's words for the server's refusals", () => {
  it("when the server refuses with a known code, then the agent reads it in their language, with the names it carries, not the server's English", async () => {
    const { ApiError, describeError } = await load("api.js");
    const { agentCatalogs } = await import("../../src/web/agent/index.js");
    const zh = agentCatalogs()["zh-CN"];
    const t = (key: string, params: Record<string, string> = {}) => zh[key]!.replace(/\{(\w+)\}/g, (_: string, p: string) => params[p] ?? `{${p}}`);
    const cases: Array<[number, unknown, string]> = [
      [409, { error: { code: "AlreadyClaimed", message: "taken by Demo Agent", claimedBy: { id: "a", displayName: "王芳" } } }, "王芳 已接手这个对话。"],
      [409, { error: { code: "NotYours", message: "held by x", claimedBy: { id: "b", displayName: "李雷" } } }, t("error.notYours", { name: "李雷" })],
      [409, { error: { code: "InvalidTransition", message: "claim this handoff first", from: "waiting" } }, t("error.invalidTransition", { status: zh["status.waiting"]! })],
      [409, { error: { code: "InProgress", message: "still" } }, t("error.inProgress")],
      [403, { error: { code: "CsrfToken", message: "X-CSRF-Token: missing" } }, t("error.csrf")],
    ];
    for (const [status, body, words] of cases) {
      const said = describeError(new ApiError(status, body), t);
      expect(said).to.equal(words);
      expect(said).to.not.match(/[A-Za-z]{4,}/);
    }
  });
});
