import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { describeBackends, sampleHandoff } from "./backends.js";

describeBackends("HandoffQueue", (backend) => {
  it("when a request is enqueued, then it reads back exactly and is the conversation's active request", async () => {
    const { handoffs } = await backend().fresh();
    const request = sampleHandoff();
    await handoffs.enqueue(request);
    expect(await handoffs.get("h-1")).to.deep.equal(request);
    expect(await handoffs.activeFor("conv-1")).to.deep.equal(request);
    expect(await handoffs.activeFor("conv-other")).to.equal(null);
    expect(await handoffs.get("missing")).to.equal(null);
  });

  it("when requests wait, then the open list is most urgent first, then oldest first", async () => {
    const { handoffs } = await backend().fresh();
    const requests = [
      sampleHandoff({ id: "normal-old", conversationId: "c1", priority: "normal", createdAt: "2026-01-01T00:00:00.000Z" }),
      sampleHandoff({ id: "urgent-new", conversationId: "c2", priority: "urgent", createdAt: "2026-01-03T00:00:00.000Z" }),
      sampleHandoff({ id: "high", conversationId: "c3", priority: "high", createdAt: "2026-01-02T00:00:00.000Z" }),
      sampleHandoff({ id: "urgent-old", conversationId: "c4", priority: "urgent", createdAt: "2026-01-01T00:00:00.000Z" }),
      sampleHandoff({ id: "normal-new", conversationId: "c5", priority: "normal", createdAt: "2026-01-05T00:00:00.000Z" }),
    ];
    for (const r of requests) await handoffs.enqueue(r);
    expect((await handoffs.listOpen()).map((r) => r.id)).to.deep.equal([
      "urgent-old",
      "urgent-new",
      "high",
      "normal-old",
      "normal-new",
    ]);
  });

  it("when a request is claimed, then it stays open and active with the new status", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.handoffs.enqueue(sampleHandoff());
    await b.handoffs.setStatus("h-1", "claimed");
    expect((await a.handoffs.get("h-1"))?.status).to.equal("claimed");
    expect((await a.handoffs.activeFor("conv-1"))?.status).to.equal("claimed");
    expect((await a.handoffs.listOpen()).map((r) => r.status)).to.deep.equal(["claimed"]);
  });

  it("when a request is closed, then it leaves the open list and the conversation has no active request", async () => {
    const { handoffs } = await backend().fresh();
    await handoffs.enqueue(sampleHandoff());
    await handoffs.enqueue(sampleHandoff({ id: "h-2", conversationId: "conv-2" }));
    await handoffs.setStatus("h-1", "closed");
    expect(await handoffs.activeFor("conv-1")).to.equal(null);
    expect((await handoffs.listOpen()).map((r) => r.id)).to.deep.equal(["h-2"]);
    expect((await handoffs.get("h-1"))?.status).to.equal("closed");
    // a new request for the same conversation may then be opened
    await handoffs.enqueue(sampleHandoff({ id: "h-3" }));
    expect((await handoffs.activeFor("conv-1"))?.id).to.equal("h-3");
  });

  it("when a conversation already has an open request, then enqueuing another fails with 'conflict'", async () => {
    const { handoffs } = await backend().fresh();
    await handoffs.enqueue(sampleHandoff());
    let caught: unknown;
    await handoffs.enqueue(sampleHandoff({ id: "h-2" })).catch((e: unknown) => (caught = e));
    expect((caught as XieshangError | undefined)?.code).to.equal("conflict");
    let duplicate: unknown;
    await handoffs.enqueue(sampleHandoff({ conversationId: "conv-9" })).catch((e: unknown) => (duplicate = e));
    expect((duplicate as XieshangError | undefined)?.code).to.equal("conflict");
    expect((await handoffs.listOpen()).map((r) => r.id)).to.deep.equal(["h-1"]);
  });

  it("when the status of an unknown request is set, then it fails with 'not_found'", async () => {
    const { handoffs } = await backend().fresh();
    let caught: unknown;
    await handoffs.setStatus("nope", "claimed").catch((e: unknown) => (caught = e));
    expect((caught as XieshangError | undefined)?.code).to.equal("not_found");
  });

  it("when a request does not match the schema, then it is refused and nothing is queued", async () => {
    const { handoffs } = await backend().fresh();
    let caught: unknown;
    await handoffs.enqueue({ ...sampleHandoff(), priority: "whenever" } as never).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(Error);
    expect(await handoffs.listOpen()).to.deep.equal([]);
    expect(await handoffs.activeFor("conv-1")).to.equal(null);
  });
});
