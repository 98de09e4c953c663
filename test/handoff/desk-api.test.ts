import { expect } from "chai";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { composeBot } from "../../src/compose.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";
import { HandoffService } from "../../src/handoff/service.js";
import { DESK_TOPIC } from "../../src/handoff/events.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addAgent } from "../../src/handoff/agents.js";
import { DeskClient } from "../support/deskClient.js";
import { TEST_SECRET } from "../support/instance.js";
import { handoffConversation } from "../support/scripted.js";

async function start(env: Record<string, string> = {}): Promise<{ server: RunningServer; stores: Stores }> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", DIRECT_LINE_SECRET: TEST_SECRET, OPENAI_API_KEY: "", ...env });
  const stores = createMemoryStores();
  const parts = await composeBot(config, silentLogger, stores);
  const server = await startServer({ config, log: silentLogger, stores, bot: parts.bot, channelMiddleware: [parts.transcript], policy: parts.policy });
  return { server, stores };
}

/** A waiting handoff opened through the service (what the bot does on escalation). */
async function waitingHandoff(stores: Stores, queue: "general" | "welfare" = "general", conversationId = `c-${Math.random().toString(36).slice(2)}`) {
  return new HandoffService({ stores }).open({
    conversationId,
    escalation: { queue, priority: "normal", reason: "borrower_request" },
    locale: "en",
    accountId: null,
    facts: {},
    trace: [],
    transcript: [],
    channel: "directline",
  });
}

describe("agent desk API: sign-in, sessions and CSRF", () => {
  let server: RunningServer;
  let stores: Stores;
  beforeEach(async () => {
    ({ server, stores } = await start());
  });
  afterEach(async () => {
    await server.close();
  });

  it("when the session cookie holds a malformed % escape, then the desk answers 401, not 500", async () => {
    for (const cookie of ["xs_agent=%E0", "xs_agent=%", "other=1; xs_agent=%ZZ"]) {
      const res = await fetch(`${server.url}/agent/api/session`, { headers: { cookie } });
      expect(res.status, cookie).to.equal(401);
    }
  });

  it("when a demo agent signs in, then the answer has the agent and a CSRF token, and the cookie is HttpOnly, SameSite=Strict, scoped to /agent", async () => {
    const desk = new DeskClient(server.url);
    const answer = await desk.signIn("demo-agent", "demo-agent-pass");
    expect(answer.status).to.equal(200);
    expect(answer.body.agent).to.include({ id: "demo-agent", role: "agent" });
    expect(answer.body.agent.queues).to.include("welfare");
    expect(answer.body.csrfToken).to.be.a("string").with.length.greaterThan(20);
    const cookie = answer.headers.get("set-cookie") ?? "";
    expect(cookie).to.match(/^xs_agent=/);
    expect(cookie).to.match(/HttpOnly/i);
    expect(cookie).to.match(/SameSite=Strict/i);
    expect(cookie).to.match(/Path=\/agent/);
    expect(cookie).not.to.match(/Secure/i);
    expect((await desk.get("/session")).body.agent.id).to.equal("demo-agent");
  });

  it("when the password is wrong or the agent unknown, then 401 and no cookie; the failure is audited without the password", async () => {
    const desk = new DeskClient(server.url);
    for (const [id, pw] of [["demo-agent", "nope"], ["nobody", "demo-agent-pass"]] as const) {
      const answer = await desk.signIn(id, pw);
      expect(answer.status).to.equal(401);
      expect(answer.headers.get("set-cookie")).to.equal(null);
    }
    const failures = await stores.audit.read({ action: "sign_in_failed" });
    expect(failures.map((e) => e.actor.id)).to.deep.equal(["demo-agent", "nobody"]);
    expect(JSON.stringify(failures)).not.to.include("nope");
  });

  it("when an account keeps failing, then sign-in is refused with 429 and Retry-After, even with the right password", async () => {
    const desk = new DeskClient(server.url);
    for (let i = 0; i < 5; i++) expect((await desk.signIn("demo-agent", `wrong-${i}`)).status).to.equal(401);
    const blocked = await desk.signIn("demo-agent", "demo-agent-pass");
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers.get("retry-after"))).to.be.greaterThan(0);
    expect(blocked.body.error.code).to.equal("TooManyRequests");
    // another account from the same address is not locked by it
    expect((await new DeskClient(server.url).signIn("demo-supervisor", "demo-supervisor-pass")).status).to.equal(200);
  });

  it("when a request has no session, then 401; when a state-changing one lacks or fakes the CSRF token, then 403 CsrfToken and nothing changes", async () => {
    const h = await waitingHandoff(stores);
    expect((await new DeskClient(server.url).get("/handoffs")).status).to.equal(401);
    const desk = new DeskClient(server.url);
    await desk.signIn("demo-agent", "demo-agent-pass");
    const missing = await desk.post(`/handoffs/${h.id}/claim`, {}, { csrf: false });
    expect(missing.status).to.equal(403);
    expect(missing.body.error.code).to.equal("CsrfToken");
    const fake = await desk.post(`/handoffs/${h.id}/claim`, {}, { csrfToken: "x".repeat(32) });
    expect(fake.status).to.equal(403);
    expect((await stores.handoffs.get(h.id))?.status).to.equal("waiting");
  });

  it("when an agent signs out, then the session no longer works on any request", async () => {
    const desk = new DeskClient(server.url);
    await desk.signIn("demo-agent", "demo-agent-pass");
    expect((await desk.call("DELETE", "/session")).status).to.equal(204);
    expect((await desk.get("/handoffs")).status).to.equal(401);
  });
});

describe("agent desk API: handoffs, roles, transitions and bad input", () => {
  let server: RunningServer;
  let stores: Stores;
  let agent: DeskClient;
  let supervisor: DeskClient;
  beforeEach(async () => {
    ({ server, stores } = await start());
    agent = new DeskClient(server.url);
    await agent.signIn("demo-agent", "demo-agent-pass");
    supervisor = new DeskClient(server.url);
    await supervisor.signIn("demo-supervisor", "demo-supervisor-pass");
  });
  afterEach(async () => {
    await server.close();
  });

  it("when handoffs wait, then the list is urgent first then oldest, with the fields the console needs and a stream cursor", async () => {
    const a = await waitingHandoff(stores);
    const b = await waitingHandoff(stores, "welfare");
    await new HandoffService({ stores }).raiseUrgent(b.id, "self_harm_signal");
    const answer = await agent.get("/handoffs");
    expect(answer.status).to.equal(200);
    expect(answer.body.handoffs.map((h: { id: string }) => h.id)).to.deep.equal([b.id, a.id]);
    expect(answer.body.handoffs[0]).to.include.keys(["id", "conversationId", "queue", "priority", "reason", "locale", "createdAt", "waitingSeconds", "status", "claimedBy"]);
    expect(answer.body.cursor).to.match(/^\d+-\d+$/);
  });

  it("when two agents claim the same handoff, then one gets 200 and the other 409 AlreadyClaimed naming the holder", async () => {
    const h = await waitingHandoff(stores);
    const [x, y] = await Promise.all([agent.post(`/handoffs/${h.id}/claim`), supervisor.post(`/handoffs/${h.id}/claim`)]);
    const statuses = [x.status, y.status].sort();
    expect(statuses).to.deep.equal([200, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body.error.code).to.equal("AlreadyClaimed");
    expect(loser.body.error.claimedBy.id).to.be.oneOf(["demo-agent", "demo-supervisor"]);
  });

  it("when a step is not allowed, then 409: hand back before claiming, message a handoff someone else holds, claim a closed one", async () => {
    const h = await waitingHandoff(stores);
    expect((await agent.post(`/handoffs/${h.id}/return`)).body.error.code).to.equal("InvalidTransition");
    await supervisor.post(`/handoffs/${h.id}/claim`);
    const notMine = await agent.post(`/handoffs/${h.id}/messages`, { text: "hello" });
    expect(notMine.status).to.equal(409);
    expect(notMine.body.error.code).to.equal("NotYours");
    expect((await supervisor.post(`/handoffs/${h.id}/close`, { outcome: "duplicate" })).status).to.equal(200);
    const again = await agent.post(`/handoffs/${h.id}/claim`);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal("InvalidTransition");
  });

  it("when the holder transfers with a note, then the handoff waits unclaimed on the new queue, the note is kept and the transfer audited", async () => {
    const h = await waitingHandoff(stores);
    await agent.post(`/handoffs/${h.id}/claim`);
    const moved = await agent.post(`/handoffs/${h.id}/transfer`, { queue: "welfare", note: "mentions a hospital stay" });
    expect(moved.status).to.equal(200);
    expect(moved.body.handoff).to.include({ status: "waiting", queue: "welfare", claimedBy: null });
    expect((await stores.handoffs.get(h.id))?.transferredFrom).to.equal("general");
    expect((await agent.get(`/handoffs/${h.id}`)).body.notes.map((n: { text: string }) => n.text)).to.deep.equal(["mentions a hospital stay"]);
    const audit = await stores.audit.read({ action: "transfer" });
    expect(audit.map((e) => e.details)).to.deep.equal([{ queue: "welfare" }]);
  });

  it("when the holder's claim or transfer is sent again (a lost response), then the claim is refused naming the holder itself (the console takes that as its own) and nothing is done twice", async () => {
    const h = await waitingHandoff(stores);
    expect((await agent.post(`/handoffs/${h.id}/claim`)).status).to.equal(200);
    const again = await agent.post(`/handoffs/${h.id}/claim`);
    expect(again.status).to.equal(409);
    expect(again.body.error.claimedBy.id).to.equal("demo-agent");
    expect((await stores.audit.read({ action: "claim" })).length).to.equal(1);
    for (let i = 0; i < 2; i++) {
      const moved = await agent.post(`/handoffs/${h.id}/transfer`, { queue: "welfare", note: "mentions a hospital stay" });
      expect(moved.status).to.equal(200);
      expect(moved.body.handoff).to.include({ status: "waiting", queue: "welfare" });
    }
    expect((await stores.handoffs.get(h.id))?.transferredFrom).to.equal("general");
    expect((await stores.audit.read({ action: "transfer" })).length).to.equal(1);
    expect((await agent.get(`/handoffs/${h.id}`)).body.notes.map((n: { text: string }) => n.text)).to.deep.equal(["mentions a hospital stay"]);
  });

  it("when a note comes with a transfer, with a close or on its own, then each is kept, on the desk's stream and audited; a closed handoff takes no new note", async () => {
    const h = await waitingHandoff(stores);
    await agent.post(`/handoffs/${h.id}/claim`);
    expect((await agent.post(`/handoffs/${h.id}/notes`, { text: "first" })).status).to.equal(201);
    await agent.post(`/handoffs/${h.id}/transfer`, { queue: "welfare", note: "second" });
    await agent.post(`/handoffs/${h.id}/claim`);
    expect((await agent.post(`/handoffs/${h.id}/close`, { outcome: "referred", note: "third" })).status).to.equal(200);
    const late = await agent.post(`/handoffs/${h.id}/notes`, { text: "after the close" });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal("InvalidTransition");
    expect((await stores.desk.listNotes(h.id)).map((n) => (JSON.parse(n) as { text: string }).text)).to.deep.equal(["first", "second", "third"]);
    const events = (await stores.desk.readEvents(undefined, 1000)).map((e) => JSON.parse(e.json) as { kind: string; note?: { text: string } });
    expect(events.filter((e) => e.kind === "note").map((e) => e.note?.text)).to.deep.equal(["first", "second", "third"]);
    expect((await stores.audit.read({ action: "note" })).length).to.equal(3);
  });

  it("when an agent asks for supervisor routes, then 403; a supervisor gets them", async () => {
    expect((await agent.get("/approvals")).status).to.equal(403);
    expect((await agent.post("/approvals/AP-x", { decision: "approve", reason: "ok" })).status).to.equal(403);
    expect((await agent.get("/audit")).status).to.equal(403);
    expect((await supervisor.get("/approvals")).status).to.equal(200);
    const audit = await supervisor.get(`/audit?since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`);
    expect(audit.status).to.equal(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).to.include("sign_in");
  });

  it("when bodies are malformed, then 400 naming the field", async () => {
    const h = await waitingHandoff(stores);
    await agent.post(`/handoffs/${h.id}/claim`);
    const cases: Array<[string, unknown, RegExp]> = [
      [`/handoffs/${h.id}/messages`, {}, /^text: /],
      [`/handoffs/${h.id}/messages`, { text: "   " }, /^text: must not be empty/],
      [`/handoffs/${h.id}/messages`, { text: "x".repeat(2001) }, /^text: /],
      [`/handoffs/${h.id}/transfer`, { queue: "nowhere" }, /^queue: /],
      [`/handoffs/${h.id}/close`, { outcome: "whatever" }, /^outcome: /],
      [`/handoffs/${h.id}/decide`, { facts: { hardship: { monthlyIncomeMinor: "lots" } } }, /^facts\./],
      [`/handoffs/${h.id}/offers`, { decisionId: "DC-1", offerIndex: -1 }, /^offerIndex: /],
      [`/handoffs/${h.id}/notes`, { text: 5 }, /^text: /],
    ];
    for (const [path, body, message] of cases) {
      const answer = await agent.post(path, body);
      expect(answer.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).to.equal(400);
      expect(answer.body.error.message, path).to.match(message);
    }
    const notJson = await agent.call("POST", `/handoffs/${h.id}/messages`, undefined, { raw: "{not json" });
    expect(notJson.status).to.equal(400);
    expect((await supervisor.post("/approvals/AP-1", { decision: "maybe", reason: "x" })).body.error.message).to.match(/^decision: /);
    expect((await supervisor.get("/audit?since=yesterday")).body.error.message).to.match(/^since: /);
  });

  it("when a note is added, then the handoff shows it, it never reaches the borrower's transcript, and the audit has its id but not its text", async () => {
    const h = await waitingHandoff(stores);
    const note = await agent.post(`/handoffs/${h.id}/notes`, { text: "borrower sounds calm" });
    expect(note.status).to.equal(201);
    const detail = await agent.get(`/handoffs/${h.id}`);
    expect(detail.body.notes.map((n: { text: string }) => n.text)).to.deep.equal(["borrower sounds calm"]);
    const transcript = await stores.transcripts.read(h.conversationId);
    expect(JSON.stringify(transcript)).not.to.include("borrower sounds calm");
    const audit = await stores.audit.read({ action: "note" });
    expect(audit).to.have.length(1);
    expect(JSON.stringify(audit)).not.to.include("calm");
  });
});

describe("agent desk API with agents from AGENTS_FILE", () => {
  let server: RunningServer;
  let stores: Stores;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "xs-agents-"));
    await addAgent(join(dir, "agents.json"), { id: "li.general", displayName: "小李", role: "agent", queues: ["general"], password: "general-agent-password" });
  });
  beforeEach(async () => {
    ({ server, stores } = await start({ AGENTS_FILE: join(dir, "agents.json") }));
  });
  afterEach(async () => {
    await server.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("when agents come from the file, then its agent signs in and the demo users do not exist", async () => {
    expect((await new DeskClient(server.url).signIn("li.general", "general-agent-password")).status).to.equal(200);
    expect((await new DeskClient(server.url).signIn("demo-agent", "demo-agent-pass")).status).to.equal(401);
  });

  it("when an agent opens or claims a handoff outside their queues, then 403, and the list leaves it out", async () => {
    const desk = new DeskClient(server.url);
    await desk.signIn("li.general", "general-agent-password");
    const welfare = await waitingHandoff(stores, "welfare");
    const general = await waitingHandoff(stores, "general");
    expect((await desk.get(`/handoffs/${welfare.id}`)).status).to.equal(403);
    expect((await desk.post(`/handoffs/${welfare.id}/claim`)).status).to.equal(403);
    expect((await desk.get("/handoffs")).body.handoffs.map((h: { id: string }) => h.id)).to.deep.equal([general.id]);
  });
});

describe("the agent desk when another hub takes handoffs", () => {
  it("when HANDOFF_HUB is external, then the desk is off: every API route answers 503 DeskOff with the reason", async () => {
    const { server } = await start({ HOST: "127.0.0.1", HANDOFF_HUB: "external" });
    try {
      const answer = await new DeskClient(server.url).signIn("demo-agent", "demo-agent-pass");
      expect(answer.status).to.equal(503);
      expect(answer.body.error.code).to.equal("DeskOff");
      expect(answer.body.error.message).to.include("HANDOFF_HUB=external");
    } finally {
      await server.close();
    }
  });
});

describe("agent desk API with a real borrower on Direct Line", () => {
  let server: RunningServer;
  let stores: Stores;
  beforeEach(async () => {
    ({ server, stores } = await start());
  });
  afterEach(async () => {
    await server.close();
  });

  it("when an agent claims and writes, then the borrower is told a colleague joined and gets the agent's message; the audit logs ids only", async () => {
    const { conversationId } = await handoffConversation(server.url, TEST_SECRET);
    const h = (await stores.handoffs.activeFor(conversationId))!;
    const agent = new DeskClient(server.url);
    await agent.signIn("demo-agent", "demo-agent-pass");
    expect((await agent.post(`/handoffs/${h.id}/claim`)).status).to.equal(200);
    const sent = await agent.post(`/handoffs/${h.id}/messages`, { text: "您好，我是小王，我来看看您的情况。" });
    expect(sent.status).to.equal(200);
    expect(sent.body.line).to.include({ from: "agent", agentId: "demo-agent" });
    const texts = (await stores.transcripts.read(conversationId)).map((e) => String(e.activity["text"] ?? ""));
    expect(texts).to.include("您好，我是小王，我来看看您的情况。");
    expect(texts.some((t) => t.includes("一位同事已加入对话"))).to.equal(true);
    const audit = await stores.audit.read({ action: "message_sent" });
    expect(audit).to.have.length(1);
    expect(JSON.stringify(audit)).not.to.include("小王");
    const detail = await agent.get(`/handoffs/${h.id}`);
    expect(detail.body.facts.identityVerified).to.equal(true);
    expect(detail.body.transcript.some((l: { from: string; text: string }) => l.from === "agent" && l.text.includes("小王"))).to.equal(true);
    expect(detail.body.suggestions.every((s: { machine: boolean }) => s.machine === true)).to.equal(true);
  });
});

describe("agent desk stream: a failed subscription is tried again", () => {
  it("when the instance's first subscription to desk events fails (Redis briefly away), then that stream is refused and the next one opens and gets events", async () => {
    const { server, stores } = await start();
    try {
      const subscribe = stores.notifier.subscribe.bind(stores.notifier);
      let failures = 1;
      stores.notifier.subscribe = async (topic, onMessage) => {
        if (topic === DESK_TOPIC && failures-- > 0) throw new Error("redis away");
        return subscribe(topic, onMessage);
      };
      const desk = new DeskClient(server.url);
      await desk.signIn("demo-agent", "demo-agent-pass");
      const refused = await desk.stream().then(
        () => "opened",
        (e: Error) => e.message,
      );
      expect(refused).to.match(/^upgrade refused: 5\d\d$/);
      const stream = await desk.stream();
      try {
        const h = await waitingHandoff(stores);
        await stream.waitFor(() => stream.events.some((e) => e.handoff?.id === h.id), "the new handoff on the stream");
      } finally {
        await stream.close();
      }
    } finally {
      await server.close();
    }
  });
});
