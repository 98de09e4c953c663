import { expect } from "chai";
import { createClient } from "redis";
import { setTimeout as sleep } from "node:timers/promises";
import { XieshangError } from "../../src/errors.js";
import type { NewAuditEvent } from "../../src/domain/audit.js";
import { describeBackends, quiet } from "./backends.js";

const YEAR_MS = 365 * 86_400_000;

function event(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    actor: { kind: "agent", id: "agent-7" },
    action: "claim",
    conversationId: "conv-1",
    handoffId: "HO-1",
    details: { queue: "general", priority: "normal", count: 2, urgent: false, previous: null },
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<XieshangError> {
  const caught = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(caught).to.be.instanceOf(XieshangError);
  return caught as XieshangError;
}

describeBackends("AuditLog", (backend) => {
  it("when events are appended, then they read back oldest first, each with an ordered id and the time it was stored", async () => {
    const { audit } = await backend().fresh();
    const a = await audit.append(event());
    await sleep(2); // a millisecond apart at least, so that the order of `at` shows
    const b = await audit.append(event({ action: "message_sent", details: {} }));
    await sleep(2);
    const c = await audit.append(event({ actor: { kind: "system", id: "bot" }, action: "agreement_stored", handoffId: undefined, details: { agreementId: "XS-ABCDEFGH" } }));

    const all = await audit.read();

    expect(all).to.deep.equal([a, b, c]);
    expect(all.map((e) => e.action)).to.deep.equal(["claim", "message_sent", "agreement_stored"]);
    expect(a.details).to.deep.equal({ queue: "general", priority: "normal", count: 2, urgent: false, previous: null });
    expect(c).to.not.have.property("handoffId");
    for (const e of all) {
      expect(e.id).to.match(/^\d+-\d+$/);
      expect(Date.parse(e.at)).to.equal(Number(e.id.split("-")[0]));
    }
    // The time each was stored goes with the order of storing (not compared with this machine's clock).
    const ats = all.map((e) => Date.parse(e.at));
    expect(ats, "stored times ascending").to.deep.equal([...ats].sort((x, y) => x - y));
    expect(new Set(ats).size, "stored apart, at distinct times").to.equal(3);
    const ids = all.map((e) => e.id.split("-").map(Number) as [number, number]);
    for (let i = 1; i < ids.length; i++) {
      const [ms, seq] = ids[i]!;
      const [pms, pseq] = ids[i - 1]!;
      expect(ms > pms || (ms === pms && seq > pseq), `id ${all[i]!.id} after ${all[i - 1]!.id}`).to.equal(true);
    }
  });

  it("when another instance appends, then both read the same log in one order", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.audit.append(event({ action: "sign_in", conversationId: undefined, handoffId: undefined, details: {} }));
    await b.audit.append(event({ action: "claim" }));
    await a.audit.append(event({ action: "close" }));

    expect((await b.audit.read()).map((e) => e.action)).to.deep.equal(["sign_in", "claim", "close"]);
    expect(await a.audit.read()).to.deep.equal(await b.audit.read());
  });

  it("when read with filters, then only the matching events come back, at most `limit`, and `after` pages on", async () => {
    const { audit } = await backend().fresh();
    for (let i = 0; i < 6; i++) {
      await audit.append(event({ conversationId: i % 2 === 0 ? "conv-even" : "conv-odd", actor: { kind: i < 3 ? "agent" : "supervisor", id: i < 3 ? "agent-1" : "sup-1" }, action: i === 5 ? "approval" : "message_sent", details: { n: i } }));
    }

    expect((await audit.read({ conversationId: "conv-even" })).map((e) => e.details.n)).to.deep.equal([0, 2, 4]);
    expect((await audit.read({ actorId: "sup-1" })).map((e) => e.details.n)).to.deep.equal([3, 4, 5]);
    expect((await audit.read({ actorKind: "agent", conversationId: "conv-odd" })).map((e) => e.details.n)).to.deep.equal([1]);
    expect((await audit.read({ action: "approval" })).map((e) => e.details.n)).to.deep.equal([5]);
    const first = await audit.read({ limit: 2 });
    expect(first.map((e) => e.details.n)).to.deep.equal([0, 1]);
    expect((await audit.read({ after: first[1]!.id, limit: 2 })).map((e) => e.details.n)).to.deep.equal([2, 3]);
    expect(await audit.read({ conversationId: "nobody" })).to.deep.equal([]);
  });

  it("when a filter matches few of many events, then the read still finds them all across pages", async () => {
    const { audit } = await backend().fresh();
    await Promise.all(
      Array.from({ length: 1200 }, (_, i) => audit.append(event({ conversationId: i % 100 === 7 ? "conv-rare" : `conv-${i}`, details: { n: i } }))),
    );

    const rare = await audit.read({ conversationId: "conv-rare", limit: 1000 });

    expect(rare.map((e) => e.details.n).sort((x, y) => Number(x) - Number(y))).to.deep.equal([7, 107, 207, 307, 407, 507, 607, 707, 807, 907, 1007, 1107]);
  });

  it("when read `since` an instant, then earlier events are left out", async () => {
    const { audit } = await backend().fresh();
    const early = await audit.append(event({ details: { n: 1 } }));
    while (Date.now() <= Date.parse(early.at) + 1) await sleep(2);
    const later = await audit.append(event({ details: { n: 2 } }));

    const since = await audit.read({ since: later.at });

    expect(since.map((e) => e.id)).to.deep.equal([later.id]);
  });

  const malformed: Array<[string, Record<string, unknown>, RegExp]> = [
    ["free text in a detail", { details: { note: "borrower said he lost his job" } }, /details\.note/],
    ["Chinese text in a detail", { details: { words: "我同意" } }, /details\.words/],
    ["an unknown action", { action: "delete_everything" }, /action/],
    ["an unknown actor kind", { actor: { kind: "robot", id: "x" } }, /actor\.kind/],
    ["a nested object in details", { details: { facts: { income: 1 } } }, /details\.facts/],
    ["an unknown top-level field", { text: "hello" }, /text|unrecognized/i],
  ];
  for (const [what, overrides, names] of malformed) {
    it(`when an event carries ${what}, then append fails with bad_request naming it and nothing is stored`, async () => {
      const { audit } = await backend().fresh();

      const error = await rejection(audit.append({ ...event(), ...overrides } as NewAuditEvent));

      expect(error.code).to.equal("bad_request");
      expect(error.message).to.match(names);
      expect(await audit.read()).to.deep.equal([]);
    });
  }

  it("when a query is malformed, then read fails with bad_request naming the field", async () => {
    const { audit } = await backend().fresh();
    const error = await rejection(audit.read({ since: "yesterday" } as never));
    expect(error.code).to.equal("bad_request");
    expect(error.message).to.contain("since");
  });

  it("when the record-keeping period has passed, then older events are no longer kept and newer ones are", async () => {
    let offset = 0;
    const { audit } = await backend().fresh({ now: () => Date.now() + offset, retention: { recordsMs: 5 * YEAR_MS } });
    await audit.append(event({ details: { n: 1 } }));
    await audit.append(event({ details: { n: 2 } }));

    offset = 4 * YEAR_MS;
    expect(await audit.read()).to.have.length(2);
    offset = 5 * YEAR_MS + 60_000;
    expect(await audit.read()).to.deep.equal([]);
  });
});

describeBackends(
  "AuditLog in Redis",
  (backend) => {
    it("when events are appended, then they live in one stream with no TTL, trimmed by MINID once older than the period", async () => {
      const prefix = `xs-test:audit-${Math.random().toString(36).slice(2)}:`;
      let offset = 0;
      const { audit } = await backend().fresh({ prefix, now: () => Date.now() + offset, retention: { recordsMs: 5 * YEAR_MS } });
      for (let i = 0; i < 3; i++) await audit.append(event({ details: { n: i } }));
      const client = createClient({ url: backend().server().url });
      client.on("error", quiet);
      await client.connect();
      try {
        expect(await client.type(`${prefix}audit`)).to.equal("stream");
        expect(await client.xLen(`${prefix}audit`)).to.equal(3);
        expect(await client.ttl(`${prefix}audit`)).to.equal(-1);

        // The horizon (now − period) passes the three events but not the next one: they are 50+ ms old.
        await sleep(50);
        offset = 5 * YEAR_MS - 25;
        await audit.append(event({ details: { n: 3 } }));

        expect(await client.xLen(`${prefix}audit`)).to.equal(1);
      } finally {
        await client.close();
      }
    });
  },
  { only: ["redis"] },
);
