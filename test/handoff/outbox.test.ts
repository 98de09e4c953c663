import { expect } from "chai";
import { OutboxPump } from "../../src/handoff/desk/outbox.js";
import type { BorrowerPort } from "../../src/handoff/port.js";
import { silentLogger } from "../../src/log.js";
import { describeBackends } from "../store/backends.js";

function recordingPort(sent: Array<{ conversationId: string; text: string }>): BorrowerPort {
  return {
    agentMessage: async () => {
      throw new Error("not used");
    },
    offer: async () => {
      throw new Error("not used");
    },
    notice: async () => ({ line: null, text: "" }),
    systemMessage: async (conversationId, text) => {
      sent.push({ conversationId, text });
      return { id: "x", from: "system", text, at: "" };
    },
  };
}

describeBackends("messages held back by quiet hours", (backend) => {
  it("when the window has not ended, then nothing goes out; when it has, then each held message goes out exactly once though two instances poll", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const sent: Array<{ conversationId: string; text: string }> = [];
    let now = Date.parse("2026-03-02T13:00:00.000Z"); // 21:00 in Shanghai
    const end = Date.parse("2026-03-03T00:00:00.000Z"); // 08:00
    await a.desk.scheduleOutbox("m1", end, JSON.stringify({ conversationId: "c1", handoffId: "h1", text: "approved" }));
    await a.desk.scheduleOutbox("m2", end, JSON.stringify({ conversationId: "c2", handoffId: "h2", text: "closed" }));
    const pumps = [a, b].map((s) => new OutboxPump(s.desk, recordingPort(sent), silentLogger, () => new Date(now)));
    expect(await Promise.all(pumps.map((p) => p.tick()))).to.deep.equal([0, 0]);
    now = end;
    const delivered = await Promise.all(pumps.map((p) => p.tick()));
    expect(delivered.reduce((x, y) => x + y, 0)).to.equal(2);
    expect(sent.map((s) => s.text).sort()).to.deep.equal(["approved", "closed"]);
    expect(await pumps[0]!.tick()).to.equal(0);
  });

  it("when a held message cannot be delivered, then it is put back and delivered on a later pass, not lost", async () => {
    const stores = await backend().fresh();
    const sent: Array<{ conversationId: string; text: string }> = [];
    let failing = true;
    const port = recordingPort(sent);
    const flaky: BorrowerPort = {
      ...port,
      systemMessage: async (conversationId, text) => {
        if (failing) throw new Error("channel away");
        return port.systemMessage(conversationId, text);
      },
    };
    let now = Date.parse("2026-03-03T00:00:00.000Z");
    await stores.desk.scheduleOutbox("m1", now, JSON.stringify({ conversationId: "c1", handoffId: "h1", text: "approved" }));
    const pump = new OutboxPump(stores.desk, flaky, silentLogger, () => new Date(now));
    expect(await pump.tick()).to.equal(0);
    failing = false;
    expect(await pump.tick(), "not due yet").to.equal(0);
    now += 60_000;
    expect(await pump.tick()).to.equal(1);
    expect(sent.map((s) => s.text)).to.deep.equal(["approved"]);
    expect(await pump.tick()).to.equal(0);
  });
});
