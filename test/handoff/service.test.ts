import { expect } from "chai";
import { HandoffService, type OpenHandoff } from "../../src/handoff/service.js";
import { HandoffConflict } from "../../src/handoff/errors.js";
import { TRANSITIONS } from "../../src/handoff/transitions.js";
import { HANDOFF_STATUSES } from "../../src/domain/agreement.js";
import type { DeskEvent } from "../../src/handoff/events.js";
import type { Stores } from "../../src/store/types.js";
import { describeBackends } from "../store/backends.js";

function opening(conversationId = "conv-1", overrides: Partial<OpenHandoff> = {}): OpenHandoff {
  return {
    conversationId,
    escalation: { queue: "general", priority: "normal", reason: "borrower_request" },
    locale: "zh-CN",
    accountId: null,
    facts: {},
    trace: [],
    transcript: [],
    channel: "directline",
    ...overrides,
  };
}

const agent = (id: string) => ({ id, displayName: `Agent ${id}` });

async function refusal(p: Promise<unknown>): Promise<HandoffConflict> {
  try {
    await p;
  } catch (error) {
    if (error instanceof HandoffConflict) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function events(stores: Stores): Promise<DeskEvent[]> {
  return (await stores.desk.readEvents(undefined, 1000)).map((e) => JSON.parse(e.json) as DeskEvent);
}

describe("the handoff transition table", () => {
  it("when any status is looked up, then the table names it, and returned and closed allow nothing", () => {
    expect(Object.keys(TRANSITIONS).sort()).to.deep.equal([...HANDOFF_STATUSES].sort());
    expect(TRANSITIONS.returned).to.deep.equal({});
    expect(TRANSITIONS.closed).to.deep.equal({});
    expect(TRANSITIONS.waiting.return, "a waiting handoff is not handed back before anyone held it").to.equal(undefined);
  });
});

describeBackends("HandoffService", (backend) => {
  it("when a handoff is opened, claimed, transferred, claimed again and returned, then each step is stored with who and when, and the desk sees each change", async () => {
    const stores = await backend().fresh();
    let clock = Date.parse("2026-03-02T10:00:00.000Z");
    const service = new HandoffService({ stores, now: () => new Date((clock += 1000)) });
    const opened = await service.open(opening());
    expect(opened.status).to.equal("waiting");
    const claimed = await service.claim(opened.id, agent("a1"));
    expect(claimed).to.include({ status: "claimed" });
    expect(claimed.claimedBy).to.deep.equal(agent("a1"));
    expect(claimed.claimedAt).to.be.a("string");
    // "When" is the service's clock (injected here), after the opening.
    expect(claimed.claimedAt).to.match(/^2026-03-02T10:00:\d\d\.000Z$/);
    expect(Date.parse(claimed.claimedAt!)).to.be.greaterThan(Date.parse(opened.createdAt));
    const moved = await service.transfer(opened.id, "specialist", { kind: "agent", id: "a1" });
    expect(moved).to.include({ status: "waiting", queue: "specialist", transferredFrom: "general", claimedBy: null });
    await service.claim(opened.id, agent("a2"));
    const back = await service.returnToBot(opened.id, { kind: "agent", id: "a2" });
    expect(back.status).to.equal("returned");
    expect(back.closedAt).to.match(/^2026-03-02T10:00:\d\d\.000Z$/);
    expect(Date.parse(back.closedAt!)).to.be.greaterThan(Date.parse(claimed.claimedAt!));
    expect(await stores.handoffs.activeFor("conv-1"), "the bot has the conversation again").to.equal(null);
    const changes = (await events(stores)).filter((e) => e.kind === "handoff").map((e) => (e.kind === "handoff" ? e.change : ""));
    expect(changes).to.deep.equal(["opened", "claimed", "transferred", "claimed", "returned"]);
  });

  it("when a step the table does not allow is asked for, then it is refused with a typed conflict and nothing changes", async () => {
    const stores = await backend().fresh();
    const service = new HandoffService({ stores });
    const h = await service.open(opening());
    expect((await refusal(service.returnToBot(h.id, { kind: "agent", id: "a1" }))).options.wireCode).to.equal("InvalidTransition");
    await service.claim(h.id, agent("a1"));
    await service.close(h.id, "arrangement_made", { kind: "agent", id: "a1" });
    for (const attempt of [
      service.claim(h.id, agent("a2")),
      service.transfer(h.id, "general", { kind: "supervisor", id: "s1" }),
      service.returnToBot(h.id, { kind: "supervisor", id: "s1" }),
      service.close(h.id, "other", { kind: "supervisor", id: "s1" }),
      service.raiseUrgent(h.id, "self_harm_signal"),
    ]) {
      const error = await refusal(attempt);
      expect(error.options.wireCode).to.equal("InvalidTransition");
      expect(error.details).to.include({ from: "closed" });
    }
    const stored = await stores.handoffs.get(h.id);
    expect(stored).to.include({ status: "closed", outcome: "arrangement_made", priority: "normal" });
  });

  it("when another agent acts on a handoff someone holds, then it is refused as NotYours; a supervisor may transfer it", async () => {
    const stores = await backend().fresh();
    const service = new HandoffService({ stores });
    const h = await service.open(opening());
    await service.claim(h.id, agent("a1"));
    const error = await refusal(service.close(h.id, "other", { kind: "agent", id: "a2" }));
    expect(error.options.wireCode).to.equal("NotYours");
    expect(error.details["claimedBy"]).to.deep.equal(agent("a1"));
    expect((await service.transfer(h.id, "welfare", { kind: "supervisor", id: "s1" })).queue).to.equal("welfare");
  });

  it("when many claims race on two store instances, then exactly one wins and every other claimer is told who holds it", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const first = new HandoffService({ stores: a });
    const second = new HandoffService({ stores: b });
    const h = await first.open(opening());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).claim(h.id, agent(`a${i}`))),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners).to.have.length(1);
    const winner = (winners[0] as PromiseFulfilledResult<{ claimedBy: { id: string } }>).value.claimedBy.id;
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).to.be.instanceOf(HandoffConflict);
        expect((r.reason as HandoffConflict).options.wireCode).to.equal("AlreadyClaimed");
        expect((r.reason as HandoffConflict).details["claimedBy"]).to.deep.include({ id: winner });
      }
    }
    expect((await b.handoffs.get(h.id))?.claimedBy?.id).to.equal(winner);
  });

  it("when a raise to urgent races with a claim, then neither change is lost", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const h = await new HandoffService({ stores: a }).open(opening());
    await Promise.all([new HandoffService({ stores: a }).claim(h.id, agent("a1")), new HandoffService({ stores: b }).raiseUrgent(h.id, "self_harm_signal")]);
    const stored = await a.handoffs.get(h.id);
    expect(stored).to.include({ status: "claimed", priority: "urgent", urgentReason: "self_harm_signal" });
    expect((await a.handoffs.listOpen())[0]?.id).to.equal(h.id);
  });

  it("when a handoff is raised to urgent, then it moves ahead of older normal ones in the open list", async () => {
    const stores = await backend().fresh();
    let clock = 1_000_000;
    const service = new HandoffService({ stores, now: () => new Date((clock += 1000)) });
    const older = await service.open(opening("c-old"));
    const newer = await service.open(opening("c-new"));
    expect((await service.listOpen()).map((r) => r.id)).to.deep.equal([older.id, newer.id]);
    await service.raiseUrgent(newer.id, "self_harm_signal");
    expect((await service.listOpen()).map((r) => r.id)).to.deep.equal([newer.id, older.id]);
  });
});
