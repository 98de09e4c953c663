import { expect } from "chai";
import { describeBackends } from "./backends.js";

describeBackends("TranscriptStore.appendOnce (a redelivered message is stored once)", (backend) => {
  it("when the same key is appended twice, then the second call appends nothing and returns the first entry's watermark and activity id", async () => {
    const stores = await backend().fresh();
    const first = await stores.transcripts.appendOnce("conv-1", "c:abc", { type: "message", id: "act-1", text: "hello" });
    const again = await stores.transcripts.appendOnce("conv-1", "c:abc", { type: "message", id: "act-2", text: "hello" });
    expect(first.fresh).to.equal(true);
    expect(again).to.deep.equal({ id: first.id, activityId: "act-1", fresh: false });
    expect((await stores.transcripts.read("conv-1")).map((e) => e.activity.id)).to.deep.equal(["act-1"]);
  });

  it("when another key or another conversation uses it, then each is appended", async () => {
    const stores = await backend().fresh();
    await stores.transcripts.appendOnce("conv-1", "c:abc", { type: "message", id: "a" });
    expect((await stores.transcripts.appendOnce("conv-1", "c:def", { type: "message", id: "b" })).fresh).to.equal(true);
    expect((await stores.transcripts.appendOnce("conv-2", "c:abc", { type: "message", id: "c" })).fresh).to.equal(true);
    expect((await stores.transcripts.read("conv-1")).map((e) => e.activity.id)).to.deep.equal(["a", "b"]);
  });

  it("when two instances append the same key at the same moment, then exactly one appends and both get its ids", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).transcripts.appendOnce("conv-1", "c:same", { type: "message", id: `try-${i}` })),
    );
    expect(results.filter((r) => r.fresh)).to.have.length(1);
    const winner = results.find((r) => r.fresh)!;
    for (const r of results) expect({ id: r.id, activityId: r.activityId }).to.deep.equal({ id: winner.id, activityId: winner.activityId });
    expect(await a.transcripts.read("conv-1")).to.have.length(1);
  });
});
