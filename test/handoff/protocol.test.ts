import { expect } from "chai";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { composeBot } from "../../src/compose.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";
import { t } from "../../src/i18n/catalog.js";
import { startConnectorStandIn, type ConnectorStandIn } from "../support/connectorStandIn.js";
import { TEST_SECRET } from "../support/instance.js";
import { verifiedBorrowerAsksForPerson } from "../support/deskFlow.js";

describe("Bot Framework handoff protocol (HANDOFF_HUB=external)", function () {
  this.timeout(60_000);
  let connector: ConnectorStandIn;
  let server: RunningServer;
  let stores: Stores;
  beforeEach(async () => {
    connector = await startConnectorStandIn();
    const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", DIRECT_LINE_SECRET: TEST_SECRET, OPENAI_API_KEY: "", HANDOFF_HUB: "external" });
    stores = createMemoryStores();
    const parts = await composeBot(config, silentLogger, stores);
    server = await startServer({ config, log: silentLogger, stores, bot: parts.bot, channelMiddleware: [parts.transcript], policy: parts.policy });
  });
  afterEach(async () => {
    await server.close();
    await connector.close();
  });

  const post = (activity: Record<string, unknown>) =>
    fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channelId: "msteams", serviceUrl: connector.serviceUrl, conversation: { id: "teams-conv-1" }, from: { id: "u1" }, recipient: { id: "bot" }, locale: "en-US", ...activity }),
    });

  it("when a borrower asks for a person, then the bot sends handoff.initiate with the handoff's context and the transcript attached", async () => {
    expect((await post({ type: "message", id: "m1", text: "I want to talk to a human" })).status).to.equal(200);
    const events = connector.received.map((r) => r.activity).filter((a) => a["type"] === "event");
    expect(events.map((e) => e["name"])).to.deep.equal(["handoff.initiate"]);
    const event = events[0]!;
    const request = (await stores.handoffs.activeFor("teams-conv-1"))!;
    expect(event["value"]).to.include({ handoffId: request.id, queue: "general", reason: "borrower_request" });
    const attachment = (event["attachments"] as Array<{ name: string; content: { activities: Array<{ text?: string }> } }>)[0]!;
    expect(attachment.name).to.equal("Transcript");
    expect(attachment.content.activities.map((a) => a.text)).to.include("I want to talk to a human");
  });

  it("when the hub sends handoff.status accepted and then completed, then the handoff is claimed, then closed, the borrower told, and the bot answers afresh", async () => {
    await post({ type: "message", id: "m1", text: "agent" });
    const request = (await stores.handoffs.activeFor("teams-conv-1"))!;
    expect((await post({ type: "event", id: "e1", name: "handoff.status", value: { state: "accepted" } })).status).to.equal(200);
    expect((await stores.handoffs.get(request.id))?.claimedBy?.id).to.equal("external-hub");
    expect((await post({ type: "event", id: "e2", name: "handoff.status", value: { state: "completed", message: "done" } })).status).to.equal(200);
    expect((await stores.handoffs.get(request.id))?.status).to.equal("closed");
    const texts = connector.received.map((r) => String(r.activity["text"] ?? ""));
    expect(texts).to.include(t("en", "handoff.closed", { outcome: t("en", "handoff.outcome.other") }));
    const before = connector.received.length;
    await post({ type: "message", id: "m2", text: "hello" });
    expect(connector.received.slice(before).map((r) => String(r.activity["text"] ?? "")).join("\n")).to.include(t("en", "greeting.hello"));
  });

  it("when the hub reports failed, then the borrower is told nobody will reply here and how to reach the bank", async () => {
    await post({ type: "message", id: "m1", text: "agent" });
    await post({ type: "event", id: "e1", name: "handoff.status", value: { state: "failed" } });
    const texts = connector.received.map((r) => String(r.activity["text"] ?? ""));
    expect(texts).to.include(t("en", "handoff.hubFailed", { contact: "please call the customer service number on the back of your card or on your statement" }));
    expect(await stores.handoffs.activeFor("teams-conv-1")).to.equal(null);
  });

  it("when a Direct Line client (a borrower) posts handoff.status completed, then it is ignored", async () => {
    const borrower = await verifiedBorrowerAsksForPerson(server.url, TEST_SECRET);
    try {
      await borrower.conversation.postActivity({ type: "event", name: "handoff.status", value: { state: "completed" } } as never);
      expect((await stores.handoffs.activeFor(borrower.conversation.conversationId))?.status).to.equal("waiting");
    } finally {
      await borrower.stream.close();
    }
  });
});
