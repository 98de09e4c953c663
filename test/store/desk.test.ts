import { expect } from "chai";
import { describeBackends } from "./backends.js";

describeBackends("DeskStore", (backend) => {
  it("when events are appended, then they read back in order after any cursor, from any instance", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    expect(await a.desk.lastEventId()).to.equal(null);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await a.desk.appendEvent(JSON.stringify({ i })));
    expect(await b.desk.lastEventId()).to.equal(ids[4]);
    expect(await b.desk.firstEventId()).to.equal(ids[0]);
    expect((await b.desk.readEvents(undefined, 100)).map((e) => JSON.parse(e.json).i)).to.deep.equal([0, 1, 2, 3, 4]);
    expect((await b.desk.readEvents(ids[1], 2)).map((e) => e.id)).to.deep.equal([ids[2], ids[3]]);
    expect(await b.desk.readEvents(ids[4], 10)).to.deep.equal([]);
  });

  it("when a session is stored with a TTL, then another instance reads it until it is deleted", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.desk.putSession("s1", '{"agentId":"x"}', 60);
    expect(await b.desk.getSession("s1")).to.equal('{"agentId":"x"}');
    await b.desk.deleteSession("s1");
    expect(await a.desk.getSession("s1")).to.equal(null);
  });

  it("when two instances take due outbox messages at once, then each message is taken exactly once and later ones wait", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    for (let i = 0; i < 10; i++) await a.desk.scheduleOutbox(`m${i}`, 1000 + i, `"m${i}"`);
    await a.desk.scheduleOutbox("late", 99_999, '"late"');
    const [x, y] = await Promise.all([a.desk.takeDueOutbox(5000, 100), b.desk.takeDueOutbox(5000, 100)]);
    expect([...x, ...y].sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `"m${i}"`).sort());
    expect(await a.desk.takeDueOutbox(5000, 100)).to.deep.equal([]);
    expect(await b.desk.takeDueOutbox(100_000, 100)).to.deep.equal(['"late"']);
  });

  it("when a record is swapped with a stale expectation, then it is refused and the record keeps the winner's value", async () => {
    const a = await backend().fresh();
    await a.desk.putRecord("approval", "ap1", '{"status":"pending"}');
    expect(await a.desk.swapRecord("approval", "ap1", '{"status":"pending"}', '{"status":"approved"}')).to.equal(true);
    expect(await a.desk.swapRecord("approval", "ap1", '{"status":"pending"}', '{"status":"rejected"}')).to.equal(false);
    expect(await a.desk.getRecord("approval", "ap1")).to.equal('{"status":"approved"}');
  });

  it("when agents are marked present, then they count until their time runs out or they are cleared", async () => {
    const a = await backend().fresh();
    await a.desk.markPresent("a1", 60_000);
    await a.desk.markPresent("a2", 60_000);
    expect(await a.desk.countPresent(Date.now())).to.equal(2);
    await a.desk.clearPresent("a2");
    expect(await a.desk.countPresent(Date.now())).to.equal(1);
    expect(await a.desk.countPresent(Date.now() + 120_000)).to.equal(0);
  });
});

describeBackends("DeskStore: an agent's request id", (backend) => {
  it("when a request id is claimed, then a second claim sees 'pending', after finishing it sees the answer, and a dropped one can be claimed afresh", async () => {
    const stores = await backend().fresh();
    expect(await stores.desk.beginRequest("agent:r1", 60_000)).to.equal(null);
    expect(await stores.desk.beginRequest("agent:r1", 60_000)).to.equal("pending");
    await stores.desk.finishRequest("agent:r1", '{"line":{"id":"L1"}}', 60_000);
    expect(await stores.desk.beginRequest("agent:r1", 60_000)).to.equal('{"line":{"id":"L1"}}');
    expect(await stores.desk.beginRequest("agent:r2", 60_000)).to.equal(null);
    await stores.desk.dropRequest("agent:r2");
    expect(await stores.desk.beginRequest("agent:r2", 60_000)).to.equal(null);
  });
});

describeBackends("erasing a conversation from the desk's event log", (backend) => {
  it("when a conversation is erased, then its desk events (borrower lines, handoff changes) are gone and other conversations' stay", async () => {
    const stores = await backend().fresh();
    await stores.desk.appendEvent(JSON.stringify({ kind: "line", conversationId: "c1", handoffId: "h1", line: { text: "我的身份证号码" } }));
    await stores.desk.appendEvent(JSON.stringify({ kind: "handoff", change: "opened", handoff: { conversationId: "c1", id: "h1" } }));
    await stores.desk.appendEvent(JSON.stringify({ kind: "line", conversationId: "c2", handoffId: "h2", line: { text: "other" } }));
    await stores.erasure.eraseConversation("c1");
    const left = (await stores.desk.readEvents(undefined, 100)).map((e) => JSON.parse(e.json) as { conversationId?: string });
    expect(left).to.have.length(1);
    expect(left[0]?.conversationId).to.equal("c2");
  });
});
