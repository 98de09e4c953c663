import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { MemoryTranscriptStore } from "../../src/store/memory/transcript.js";
import { describeBackends } from "./backends.js";

const ID = /^\d+-\d+$/;

function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split("-").map(BigInt) as [bigint, bigint];
  return am === bm ? (as < bs ? -1 : as > bs ? 1 : 0) : am < bm ? -1 : 1;
}

describeBackends("TranscriptStore", (backend) => {
  it("when activities are appended, then they read back in order with stream-style ids", async () => {
    const { transcripts } = await backend().fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await transcripts.append("conv-1", { type: "message", text: `m${i}`, n: i }));
    const entries = await transcripts.read("conv-1");
    expect(entries.map((e) => e.activity.text)).to.deep.equal(["m0", "m1", "m2", "m3", "m4"]);
    expect(entries.map((e) => e.id)).to.deep.equal(ids);
    for (const id of ids) expect(id).to.match(ID);
  });

  it("when ids are compared, then each is strictly greater than the one before", async () => {
    const { transcripts } = await backend().fresh();
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => transcripts.append("conv-1", { i })));
    const stored = (await transcripts.read("conv-1")).map((e) => e.id);
    for (let i = 1; i < stored.length; i++) expect(compareIds(stored[i - 1]!, stored[i]!)).to.equal(-1);
    expect([...ids].sort(compareIds)).to.deep.equal(stored);
  });

  it("when read after a watermark, then only later entries come back, up to the limit", async () => {
    const { transcripts } = await backend().fresh();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await transcripts.append("conv-1", { i }));
    const after = await transcripts.read("conv-1", ids[2]);
    expect(after.map((e) => e.activity.i)).to.deep.equal([3, 4, 5]);
    const limited = await transcripts.read("conv-1", ids[0], 2);
    expect(limited.map((e) => e.activity.i)).to.deep.equal([1, 2]);
    expect(await transcripts.read("conv-1", ids[5])).to.deep.equal([]);
    expect(await transcripts.read("conv-1", undefined, 0)).to.deep.equal([]);
  });

  it("when a conversation has no transcript, then reading it gives an empty list", async () => {
    const { transcripts } = await backend().fresh();
    expect(await transcripts.read("nobody")).to.deep.equal([]);
    expect(await transcripts.read("nobody", "0-0")).to.deep.equal([]);
  });

  it("when the watermark is malformed, then the read fails with 'bad_request'", async () => {
    const { transcripts } = await backend().fresh();
    await transcripts.append("conv-1", { i: 0 });
    let caught: unknown;
    await transcripts.read("conv-1", "not-a-watermark").catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(XieshangError);
    expect((caught as XieshangError).code).to.equal("bad_request");
  });

  it("when conversations are different, then their transcripts are kept apart", async () => {
    const { transcripts } = await backend().fresh();
    await transcripts.append("conv-1", { who: "one" });
    await transcripts.append("会话:2", { who: "two" });
    expect((await transcripts.read("conv-1")).map((e) => e.activity.who)).to.deep.equal(["one"]);
    expect((await transcripts.read("会话:2")).map((e) => e.activity.who)).to.deep.equal(["two"]);
  });

  it("when an activity is stored, then it round-trips as JSON and later edits of the original do not leak in", async () => {
    const { transcripts } = await backend().fresh();
    const activity = { type: "message", text: "三千五 3.5k 🙂", channelData: { clientActivityID: "c1", list: [1, { a: null }] } };
    await transcripts.append("conv-1", activity);
    activity.channelData.list.push(2);
    const [entry] = await transcripts.read("conv-1");
    expect(entry!.activity).to.deep.equal({ type: "message", text: "三千五 3.5k 🙂", channelData: { clientActivityID: "c1", list: [1, { a: null }] } });
  });

  it("when two instances append to one conversation, then both read the same stream", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const first = await a.transcripts.append("conv-1", { from: "a" });
    await b.transcripts.append("conv-1", { from: "b" });
    const seenByA = await a.transcripts.read("conv-1");
    const seenByB = await b.transcripts.read("conv-1");
    expect(seenByA).to.deep.equal(seenByB);
    expect(seenByA.map((e) => e.activity.from)).to.deep.equal(["a", "b"]);
    expect((await b.transcripts.read("conv-1", first)).map((e) => e.activity.from)).to.deep.equal(["b"]);
  });
});

describe("MemoryTranscriptStore ids", () => {
  it("when the clock stands still or steps back, then ids still increase", async () => {
    const times = [1000, 1000, 999, 1001];
    const store = new MemoryTranscriptStore(() => times.shift() ?? 2000);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await store.append("c", { i }));
    expect(ids).to.deep.equal(["1000-0", "1000-1", "1000-2", "1001-0"]);
  });
});
