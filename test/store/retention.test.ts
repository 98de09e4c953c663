import { expect } from "chai";
import { createClient } from "redis";
import { describeBackends, quiet, sampleAgreement, sampleHandoff } from "./backends.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { ExpiringMap } from "../../src/store/memory/expiring.js";

const DAY = 86_400_000;

describe("Retention in memory (the same expiry as Redis, lazily)", () => {
  function clocked() {
    let t = Date.parse("2026-01-01T00:00:00Z");
    const stores = createMemoryStores({ now: () => t, retention: { stateMs: 30 * DAY, transcriptMs: 180 * DAY, recordsMs: 5 * 365 * DAY } });
    return { stores, advance: (ms: number) => (t += ms) };
  }

  it("when state is not touched for 30 days, then it is gone; a read within the period starts it again", async () => {
    const { stores, advance } = clocked();
    await stores.storage.write({ "directline/conversations/a/": { v: 1 }, "directline/conversations/b/": { v: 2 } });
    advance(20 * DAY);
    expect(await stores.storage.read(["directline/conversations/a/"])).to.have.property("directline/conversations/a/");
    advance(20 * DAY);
    const after = await stores.storage.read(["directline/conversations/a/", "directline/conversations/b/"]);
    expect(Object.keys(after)).to.deep.equal(["directline/conversations/a/"]);
    advance(31 * DAY);
    expect(await stores.storage.read(["directline/conversations/a/"])).to.deep.equal({});
  });

  it("when a transcript is quiet for 180 days, then it and its reference are gone; each append keeps both", async () => {
    const { stores, advance } = clocked();
    await stores.references.save("c1", { conversation: { id: "c1" } });
    await stores.transcripts.append("c1", { type: "message", text: "hello" });
    advance(170 * DAY);
    await stores.transcripts.append("c1", { type: "message", text: "again" });
    advance(170 * DAY);
    expect(await stores.transcripts.read("c1")).to.have.length(2);
    expect(await stores.references.get("c1")).to.not.equal(null);
    advance(11 * DAY);
    expect(await stores.transcripts.read("c1")).to.deep.equal([]);
    expect(await stores.references.get("c1")).to.equal(null);
  });

  it("when 180 days pass after a handoff's last change, then its record is gone; agreements stay for 5 years", async () => {
    const { stores, advance } = clocked();
    await stores.handoffs.enqueue(sampleHandoff());
    await stores.agreements.save(sampleAgreement());
    advance(100 * DAY);
    await stores.handoffs.setStatus("h-1", "closed");
    advance(179 * DAY);
    expect(await stores.handoffs.get("h-1")).to.not.equal(null);
    advance(2 * DAY);
    expect(await stores.handoffs.get("h-1")).to.equal(null);
    expect(await stores.agreements.get("agr-1")).to.not.equal(null);
    advance(5 * 365 * DAY);
    expect(await stores.agreements.get("agr-1")).to.equal(null);
  });

  it("when many entries expire unread, then the sweep drops them so memory does not keep growing", () => {
    let t = 0;
    const map = new ExpiringMap<string>(10, () => t);
    for (let i = 0; i < 5000; i++) {
      map.set(`k${i}`, "v");
      t += 1;
    }
    expect(map.heldSize).to.be.below(1100);
  });

  it("when a transcript grows past its bound, then the oldest entries are dropped", async () => {
    const stores = createMemoryStores({ retention: { transcriptMaxEntries: 100 } });
    for (let i = 0; i < 250; i++) await stores.transcripts.append("c1", { i });
    const kept = await stores.transcripts.read("c1");
    expect(kept).to.have.length(100);
    expect(kept[0]!.activity.i).to.equal(150);
  });
});

describeBackends(
  "Retention in Redis (TTL on write, refreshed on activity)",
  (backend) => {
    async function raw() {
      const client = createClient({ url: backend().server().url });
      client.on("error", quiet);
      await client.connect();
      return client;
    }

    it("when state is read, then its TTL starts again from the full period", async () => {
      const prefix = `xs-test:ret-${Math.random().toString(36).slice(2)}:`;
      const stores = await backend().fresh({ prefix, retention: { stateMs: 30 * DAY } });
      await stores.storage.write({ "directline/conversations/a/": { v: 1 } });
      const client = await raw();
      try {
        const key = `${prefix}state:directline/conversations/a/`;
        const ttl = await client.pTTL(key);
        expect(ttl).to.be.above(30 * DAY - 60_000).and.at.most(30 * DAY);
        await client.pExpire(key, 5000);
        await stores.storage.read(["directline/conversations/a/"]);
        expect(await client.pTTL(key)).to.be.above(30 * DAY - 60_000);
      } finally {
        await client.close();
      }
    });

    it("when a transcript is appended to, then it and the reference get the transcript period again, and the stream stays near its bound", async () => {
      const prefix = `xs-test:ret-${Math.random().toString(36).slice(2)}:`;
      const stores = await backend().fresh({ prefix, retention: { transcriptMs: 180 * DAY, transcriptMaxEntries: 100 } });
      await stores.references.save("c1", { conversation: { id: "c1" } });
      const client = await raw();
      try {
        await client.pExpire(`${prefix}ref:c1`, 5000);
        for (let i = 0; i < 1000; i++) await stores.transcripts.append("c1", { type: "message", i });
        expect(await client.pTTL(`${prefix}ref:c1`)).to.be.above(180 * DAY - 60_000);
        expect(await client.pTTL(`${prefix}transcript:c1`)).to.be.above(180 * DAY - 60_000);
        const length = await client.xLen(`${prefix}transcript:c1`);
        expect(length).to.be.at.least(100).and.below(300);
      } finally {
        await client.close();
      }
    });
  },
  { only: ["redis"] },
);

describeBackends("Erasure (POLICY §8)", (backend) => {
  it("when a conversation is erased, then its transcript, state, user state, reference and handoff copies are gone; its agreements, the audit log and other conversations stay", async () => {
    const stores = await backend().fresh();
    const other = await backend().peer(stores);
    const conversations = [
      { conversationId: "c1", userId: "u1", handoffId: "h-1", agreementId: "agr-1" },
      { conversationId: "c2", userId: "u2", handoffId: "h-2", agreementId: "agr-2" },
    ];
    for (const c of conversations) {
      await stores.storage.write({ [`directline/conversations/${c.conversationId}/`]: { facts: "x" }, [`directline/users/${c.userId}/`]: { n: 1 } });
      await stores.transcripts.append(c.conversationId, { type: "message", from: { id: c.userId, role: "user" }, text: "我的手机 13812345678" });
      await stores.transcripts.append(c.conversationId, { type: "message", from: { id: "bot", role: "bot" }, text: "ok" });
      await stores.references.save(c.conversationId, { conversation: { id: c.conversationId } });
      await stores.handoffs.enqueue(sampleHandoff({ id: c.handoffId, conversationId: c.conversationId, accountId: "acct-1" }));
      await stores.agreements.save(sampleAgreement({ id: c.agreementId, conversationId: c.conversationId }));
    }
    await stores.handoffs.setStatus("h-1", "closed");
    await stores.handoffs.enqueue(sampleHandoff({ id: "h-1b", conversationId: "c1" }));
    await stores.audit.append({ actor: { kind: "agent", id: "a1" }, action: "claim", conversationId: "c1", details: {} });
    await stores.desk.addNote("h-1", JSON.stringify({ text: "borrower mentioned a hospital stay" }));
    await stores.desk.addNote("h-2", JSON.stringify({ text: "kept" }));

    const result = await other.erasure.eraseConversation("c1");

    expect(result).to.deep.equal({ transcripts: 1, states: 2, references: 1, handoffs: 2, notes: 1 });
    expect(await stores.desk.listNotes("h-1")).to.deep.equal([]);
    expect(await stores.desk.listNotes("h-2")).to.have.length(1);
    expect(await stores.transcripts.read("c1")).to.deep.equal([]);
    expect(await stores.storage.read(["directline/conversations/c1/", "directline/users/u1/"])).to.deep.equal({});
    expect(await stores.references.get("c1")).to.equal(null);
    expect(await stores.handoffs.get("h-1")).to.equal(null);
    expect(await stores.handoffs.get("h-1b")).to.equal(null);
    expect(await stores.handoffs.activeFor("c1")).to.equal(null);
    expect((await stores.handoffs.listOpen()).map((h) => h.id)).to.deep.equal(["h-2"]);
    expect(await stores.agreements.get("agr-1")).to.not.equal(null);
    expect((await stores.audit.read({ conversationId: "c1" })).map((e) => e.action)).to.deep.equal(["claim"]);
    // The other conversation is untouched.
    expect(await stores.transcripts.read("c2")).to.have.length(2);
    expect(Object.keys(await stores.storage.read(["directline/conversations/c2/", "directline/users/u2/"]))).to.have.length(2);
    expect(await stores.handoffs.activeFor("c2")).to.not.equal(null);
    expect(await stores.references.get("c2")).to.not.equal(null);
  });

  it("when agreements and handoffs name an account, then the account index lists its conversations until it is forgotten", async () => {
    const stores = await backend().fresh();
    await stores.agreements.save(sampleAgreement({ id: "agr-1", conversationId: "c1", accountId: "acct-9" }));
    await stores.handoffs.enqueue(sampleHandoff({ id: "h-1", conversationId: "c2", accountId: "acct-9" }));
    await stores.handoffs.enqueue(sampleHandoff({ id: "h-2", conversationId: "c3", accountId: null }));
    await stores.accountIndex.link("acct-9", "c4");

    expect(await stores.accountIndex.conversationsOf("acct-9")).to.deep.equal(["c1", "c2", "c4"]);
    expect(await stores.accountIndex.conversationsOf("nobody")).to.deep.equal([]);
    await stores.erasure.forgetAccount("acct-9");
    expect(await stores.accountIndex.conversationsOf("acct-9")).to.deep.equal([]);
  });

  it("when agreements are listed since an instant, then the later ones come back oldest first, a page at a time", async () => {
    const { agreements } = await backend().fresh();
    const base = Date.now() - 10 * 60_000;
    for (const [id, minutes] of [["agr-c", 3], ["agr-a", 1], ["agr-b", 2], ["agr-d", 4]] as const) {
      await agreements.save(sampleAgreement({ id, conversationId: `conv-${id}`, createdAt: new Date(base + minutes * 60_000).toISOString() }));
    }
    expect((await agreements.listSince(base + 2 * 60_000)).map((a) => a.id)).to.deep.equal(["agr-b", "agr-c", "agr-d"]);
    expect((await agreements.listSince(0, { offset: 1, count: 2 })).map((a) => a.id)).to.deep.equal(["agr-b", "agr-c"]);
    expect(await agreements.listSince(base + 60 * 60_000)).to.deep.equal([]);
  });
});

describeBackends("Desk events are kept no longer than a transcript (POLICY §8)", (backend) => {
  it("when a desk event is older than the transcript period and another is written, then the old one is gone from the event log and the new one stays", async () => {
    let ahead = 0;
    const stores = await backend().fresh({ now: () => Date.now() + ahead, retention: { transcriptMs: 1000 } });
    await stores.desk.appendEvent(JSON.stringify({ kind: "line", conversationId: "c-old", line: { text: "borrower words" } }));
    await new Promise((r) => setTimeout(r, 100));
    ahead = 950; // the clock the retention horizon is read from: the first event is now past the period
    const kept = await stores.desk.appendEvent(JSON.stringify({ kind: "line", conversationId: "c-new", line: { text: "later" } }));
    const events = await stores.desk.readEvents(undefined, 100);
    expect(events.map((e) => e.id)).to.deep.equal([kept]);
  });
});
