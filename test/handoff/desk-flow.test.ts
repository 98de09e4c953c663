import { expect } from "chai";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { composeBot } from "../../src/compose.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";
import { t } from "../../src/i18n/catalog.js";
import { DeskClient, type DeskStreamClient } from "../support/deskClient.js";
import { TEST_SECRET } from "../support/instance.js";
import { visibleText } from "../support/directlineClient.js";
import { CORRECTED_FACTS, verifiedBorrowerAsksForPerson, windowAroundNow, type Borrower } from "../support/deskFlow.js";
import { startConnectorStandIn } from "../support/connectorStandIn.js";

async function start(env: Record<string, string> = {}): Promise<{ server: RunningServer; stores: Stores }> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", DIRECT_LINE_SECRET: TEST_SECRET, OPENAI_API_KEY: "", QUIET_HOURS: windowAroundNow(false), ...env });
  const stores = createMemoryStores();
  const parts = await composeBot(config, silentLogger, stores);
  const server = await startServer({ config, log: silentLogger, stores, bot: parts.bot, channelMiddleware: [parts.transcript], policy: parts.policy });
  return { server, stores };
}

describe("agent desk: a whole handoff with a borrower on the widget's channel", function () {
  this.timeout(60_000);
  let server: RunningServer;
  let stores: Stores;
  let borrower: Borrower;
  let agent: DeskClient;
  let feed: DeskStreamClient;
  beforeEach(async () => {
    ({ server, stores } = await start());
    borrower = await verifiedBorrowerAsksForPerson(server.url, TEST_SECRET);
    agent = new DeskClient(server.url);
    await agent.signIn("demo-agent", "demo-agent-pass");
    feed = await agent.stream();
  });
  afterEach(async () => {
    await feed.close();
    await borrower.stream.close();
    await server.close();
  });

  const handoffId = async () => (await stores.handoffs.activeFor(borrower.conversation.conversationId))!.id;

  it("when the agent claims, corrects a fact, sends an offer and the borrower presses its agree button, then the agreement carries the agent's id, waits for approval, and a supervisor's approval reaches the borrower", async () => {
    const id = await handoffId();
    expect((await agent.post(`/handoffs/${id}/claim`)).status).to.equal(200);
    await feed.waitFor(() => feed.events.some((e) => e.kind === "handoff" && e.change === "claimed"), "the claim on the stream");

    // borrower → agent, through the stream
    await borrower.conversation.say("我在等，谢谢");
    await feed.waitFor(() => feed.events.some((e) => e.kind === "line" && e.line.from === "borrower" && e.line.text === "我在等，谢谢"), "the borrower's line");

    const decided = await agent.post(`/handoffs/${id}/decide`, { facts: CORRECTED_FACTS });
    expect(decided.status).to.equal(200);
    expect(decided.body.decision.decision).to.equal("offer");
    const waiver = decided.body.decision.offers.find((o: { type: string }) => o.type === "penalty_waiver");
    expect(waiver).to.include({ requiresApproval: true, amountMinor: 600_000 });
    const index = decided.body.decision.offers.findIndex((o: { type: string }) => o.type !== "penalty_waiver");
    const sent = await agent.post(`/handoffs/${id}/offers`, { decisionId: decided.body.decisionId, offerIndex: index });
    expect(sent.status).to.equal(200);
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.some((a) => (a.attachments ?? []).length > 0 && JSON.stringify(a).includes(sent.body.offerId)), 10_000, "the offer card");
    const card = borrower.stream.botMessages.find((a) => JSON.stringify(a).includes(sent.body.offerId))!;
    const button = (card.attachments![0]!.content as { buttons: Array<{ type: string; value: unknown }> }).buttons[0]!;

    // Hesitation is not consent; it goes to the agent.
    await borrower.conversation.say("我再考虑一下");
    expect(await stores.agreements.listByConversation(borrower.conversation.conversationId)).to.deep.equal([]);
    // The card's own button is.
    await borrower.conversation.postActivity(borrower.conversation.message("", { value: button.value, text: undefined } as never));
    const [agreement] = await stores.agreements.listByConversation(borrower.conversation.conversationId);
    expect(agreement).to.include({ agentId: "demo-agent", status: "pending_approval" });
    expect(agreement!.consent).to.include({ button: true });
    expect(agreement!.offers.map((o) => o.type)).to.include("penalty_waiver");
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.some((a) => visibleText(a).includes(agreement!.id)), 10_000, "the pending-approval message");
    expect(borrower.stream.botMessages.map(visibleText).join("\n")).to.include(t("zh-CN", "desk.pendingApproval", { id: agreement!.id }));

    const supervisor = new DeskClient(server.url);
    await supervisor.signIn("demo-supervisor", "demo-supervisor-pass");
    const pending = await supervisor.get("/approvals");
    expect(pending.body.approvals.map((a: { agreementId: string }) => a.agreementId)).to.deep.equal([agreement!.id]);
    const approvalId = pending.body.approvals[0].id;
    expect((await agent.post(`/approvals/${approvalId}`, { decision: "approve", reason: "ok" })).status).to.equal(403);
    const approved = await supervisor.post(`/approvals/${approvalId}`, { decision: "approve", reason: "hospital letter seen" });
    expect(approved.status).to.equal(200);
    expect(approved.body.agreementStatus).to.equal("agreed");
    expect((await supervisor.post(`/approvals/${approvalId}`, { decision: "reject", reason: "changed my mind" })).body.error.code).to.equal("AlreadyDecided");
    await borrower.stream.waitUntil(
      () => borrower.stream.botMessages.some((a) => visibleText(a).includes(t("zh-CN", "desk.approval.approved", { id: agreement!.id }))),
      10_000,
      "the approval outcome",
    );
    const detail = await agent.get(`/handoffs/${id}`);
    expect(detail.body.agreements[0].status).to.equal("agreed");
    const actions = (await stores.audit.read({})).map((e) => e.action);
    for (const action of ["sign_in", "claim", "decision_run", "offer_sent", "agreement_stored", "approval"]) expect(actions, action).to.include(action);
  });

  it("when the console sends the same message and the same offer again with their request ids (a lost answer), then the borrower gets each once and the answer repeats the first", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    const conversationId = borrower.conversation.conversationId;
    const said = { text: "I'm looking at your account now", requestId: "msg-0001-retry" };
    const a = await agent.post(`/handoffs/${id}/messages`, said);
    const b = await agent.post(`/handoffs/${id}/messages`, said);
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    expect(b.body.line.id).to.equal(a.body.line.id);
    const decided = await agent.post(`/handoffs/${id}/decide`, { facts: { ...CORRECTED_FACTS, account: { penaltyAccruedMinor: 0 } } });
    const offer = { decisionId: decided.body.decisionId, offerIndex: 0, requestId: "offer-0001-retry" };
    const first = await agent.post(`/handoffs/${id}/offers`, offer);
    const again = await agent.post(`/handoffs/${id}/offers`, offer);
    expect(again.body.offerId).to.equal(first.body.offerId);
    const audit = (await stores.audit.read({ conversationId })).map((e) => e.action);
    expect(audit.filter((x) => x === "message_sent")).to.have.length(1);
    expect(audit.filter((x) => x === "offer_sent")).to.have.length(1);
    const transcript = await stores.transcripts.read(conversationId);
    expect(transcript.filter((e) => (e.activity as { text?: string }).text === said.text)).to.have.length(1);
    expect((await agent.post(`/handoffs/${id}/messages`, { text: "x", requestId: "no" })).status, "a malformed request id").to.equal(400);
  });

  it("when the borrower says a plain yes to the offer, then that is consent; a button of an older card is not", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    const facts = { ...CORRECTED_FACTS, account: { penaltyAccruedMinor: 0 } };
    const decided = await agent.post(`/handoffs/${id}/decide`, { facts });
    const first = await agent.post(`/handoffs/${id}/offers`, { decisionId: decided.body.decisionId, offerIndex: 0 });
    await agent.post(`/handoffs/${id}/offers`, { decisionId: decided.body.decisionId, offerIndex: 0 });
    await borrower.conversation.postActivity(borrower.conversation.message("", { value: { xsAgentOffer: first.body.offerId, choice: "agree" } } as never));
    expect(await stores.agreements.listByConversation(borrower.conversation.conversationId), "the older card's button").to.deep.equal([]);
    await borrower.conversation.say("好的");
    const [agreement] = await stores.agreements.listByConversation(borrower.conversation.conversationId);
    expect(agreement).to.include({ agentId: "demo-agent", status: "agreed" });
    expect(agreement!.consent).to.include({ button: false, words: "好的" });
  });

  it("when the agent hands back, then the borrower is told, the bot answers again, and the session is marked to resume", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    expect((await agent.post(`/handoffs/${id}/return`)).status).to.equal(200);
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.some((a) => visibleText(a) === t("zh-CN", "handoff.returned")), 10_000, "the hand-back");
    expect(await stores.handoffs.activeFor(borrower.conversation.conversationId)).to.equal(null);
    const state = await stores.storage.read([`directline/conversations/${borrower.conversation.conversationId}/`]);
    const session = Object.values(state)[0]?.session as { resume?: string } | undefined;
    expect(session?.resume).to.equal("intake");
    // The bot resumes on the next message: an answer, and never the disclosure again.
    const before = borrower.stream.botMessages.length;
    await borrower.conversation.say("好的");
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.length > before, 10_000, "the bot's answer after hand-back");
    const after = borrower.stream.botMessages.slice(before).map(visibleText).join("\n");
    expect(after).not.to.include(t("zh-CN", "disclosure.text"));
    expect(after).not.to.include(t("zh-CN", "greeting.hello"));
  });

  it("when the agent's offer was agreed and the agent hands back, then the bot says the arrangement is recorded instead of negotiating again", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    const decided = await agent.post(`/handoffs/${id}/decide`, { facts: { ...CORRECTED_FACTS, account: { penaltyAccruedMinor: 0 } } });
    await agent.post(`/handoffs/${id}/offers`, { decisionId: decided.body.decisionId, offerIndex: 0 });
    await borrower.conversation.say("同意");
    const [agreement] = await stores.agreements.listByConversation(borrower.conversation.conversationId);
    expect(agreement?.agentId).to.equal("demo-agent");
    await agent.post(`/handoffs/${id}/return`);
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.some((a) => visibleText(a) === t("zh-CN", "handoff.returned")), 10_000, "the hand-back");
    const before = borrower.stream.botMessages.length;
    await borrower.conversation.say("谢谢");
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.length > before, 10_000, "the bot's answer after hand-back");
    expect(borrower.stream.botMessages.slice(before).map(visibleText).join("\n")).to.include(agreement!.id);
  });

  it("when the agent closes with an outcome, then the borrower is told it and the next message starts afresh", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    expect((await agent.post(`/handoffs/${id}/close`, { outcome: "referred" })).status).to.equal(200);
    const closed = t("zh-CN", "handoff.closed", { outcome: t("zh-CN", "handoff.outcome.referred") });
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.some((a) => visibleText(a) === closed), 10_000, "the close");
    const before = borrower.stream.botMessages.length;
    await borrower.conversation.say("你好");
    await borrower.stream.waitUntil(() => borrower.stream.botMessages.length > before, 10_000, "a fresh answer");
    expect(borrower.stream.botMessages.slice(before).map(visibleText).join("\n")).to.include(t("zh-CN", "greeting.hello"));
  });

  it("when the stream reconnects from its last cursor, then the events in between are replayed, none doubled", async () => {
    const id = await handoffId();
    await agent.post(`/handoffs/${id}/claim`);
    await borrower.conversation.say("第一条");
    await feed.waitFor(() => feed.events.some((e) => e.kind === "line" && e.line.text === "第一条"), "first line");
    const cursor = feed.lastCursor!;
    await feed.close();
    await borrower.conversation.say("第二条");
    await borrower.conversation.say("第三条");
    feed = await agent.stream(cursor);
    await feed.waitFor(() => feed.events.some((e) => e.kind === "line" && e.line.text === "第三条"), "the replay");
    const borrowerLines = feed.events.filter((e) => e.kind === "line" && e.line.from === "borrower").map((e) => e.line.text);
    expect(borrowerLines).to.deep.equal(["第二条", "第三条"]);
  });

  it("when the stream is opened without a session or from another origin, then it is refused", async () => {
    let refused = "";
    await new DeskClient(server.url).stream().catch((e: Error) => (refused = e.message));
    expect(refused).to.include("401");
    let foreign = "";
    await agent.stream(undefined, "https://evil.example").catch((e: Error) => (foreign = e.message));
    expect(foreign).to.include("403");
  });
});

describe("agent desk: quiet hours", function () {
  this.timeout(60_000);

  it("when it is quiet hours and the borrower has not written for a while, then an agent's message is refused with 409 QuietHours saying until when; once the borrower writes, it goes", async () => {
    const window = windowAroundNow(true);
    const { server, stores } = await start({ QUIET_HOURS: window, BORROWER_ACTIVE_MINUTES: "30" });
    const borrower = await verifiedBorrowerAsksForPerson(server.url, TEST_SECRET);
    try {
      const agent = new DeskClient(server.url);
      await agent.signIn("demo-agent", "demo-agent-pass");
      const stored = (await stores.handoffs.getVersioned((await stores.handoffs.activeFor(borrower.conversation.conversationId))!.id))!;
      await agent.post(`/handoffs/${stored.request.id}/claim`);
      const now = (await stores.handoffs.getVersioned(stored.request.id))!;
      await stores.handoffs.replace({ ...now.request, lastBorrowerMessageAt: new Date(Date.now() - 45 * 60_000).toISOString() }, now.version);
      const refused = await agent.post(`/handoffs/${stored.request.id}/messages`, { text: "早上好" });
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal("QuietHours");
      // Until the end of the quiet window the test set (its HH:MM in the borrower's time zone).
      const until = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(refused.body.error.until));
      expect(until).to.equal(window.split("-")[1]);
      expect((await agent.get(`/handoffs/${stored.request.id}`)).body.quietHours).to.include({ now: true, borrowerActive: false, blocked: true });
      await borrower.conversation.say("在吗");
      expect((await agent.post(`/handoffs/${stored.request.id}/messages`, { text: "在的" })).status).to.equal(200);
    } finally {
      await borrower.stream.close();
      await server.close();
    }
  });
});

describe("agent desk: a borrower on a Bot Framework channel", function () {
  this.timeout(60_000);

  it("when the agent writes to a borrower who came through /api/messages, then the message goes out proactively through the connector to that conversation", async () => {
    const connector = await startConnectorStandIn();
    const { server, stores } = await start();
    try {
      const post = (text: string, id: string) =>
        fetch(`${server.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "message", id, channelId: "telegram", serviceUrl: connector.serviceUrl, conversation: { id: "tg-conv-9" }, from: { id: "tg-user-9" }, recipient: { id: "bot" }, locale: "en-US", text }),
        });
      expect((await post("agent", "in-1")).status).to.equal(200);
      const h = (await stores.handoffs.activeFor("tg-conv-9"))!;
      expect(h.channel).to.equal("telegram");
      const agent = new DeskClient(server.url);
      await agent.signIn("demo-agent", "demo-agent-pass");
      await agent.post(`/handoffs/${h.id}/claim`);
      const before = connector.received.length;
      expect((await agent.post(`/handoffs/${h.id}/messages`, { text: "Hello, this is Wang from the bank." })).status).to.equal(200);
      await connector.waitFor(before + 1);
      const out = connector.received.slice(before).map((r) => ({ conversation: r.path.split("/")[3], text: r.activity["text"] }));
      expect(out, JSON.stringify(out)).to.deep.include({ conversation: "tg-conv-9", text: "Hello, this is Wang from the bank." });
      const transcript = (await stores.transcripts.read("tg-conv-9")).map((e) => e.activity["text"]);
      expect(transcript).to.include("Hello, this is Wang from the bank.");
    } finally {
      await server.close();
      await connector.close();
    }
  });
});
