import { expect } from "chai";
import { TurnContext } from "botbuilder";
import { postMessage, startConversation, startTestServer, StreamClient, texts, type TestServer } from "../../support/directline.js";

describe("The Direct Line adapter", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  it("when a proactive message is sent by conversation id, then the connected client receives it from the bot", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await stream.until((a) => texts(a).includes("hello"));
    await srv.directLine.adapter.continueConversationById(started.conversationId, async (context) => {
      await context.sendActivity("an agent has joined");
    });
    const activities = await stream.until((a) => texts(a).includes("an agent has joined"));
    const proactive = activities.find((a) => a.text === "an agent has joined")!;
    expect(proactive.from.role).to.equal("bot");
    expect(proactive.conversation.id).to.equal(started.conversationId);
    await stream.close();
  });

  it("when continueConversationAsync is called with a stored reference, then the message lands in the transcript", async () => {
    const started = await startConversation(srv.url);
    const reference = await srv.stores.references.get(started.conversationId);
    await srv.directLine.adapter.continueConversationAsync("app-id", reference!, async (context: TurnContext) => {
      await context.sendActivity("welcome back");
    });
    const entries = await srv.stores.transcripts.read(started.conversationId);
    expect(entries.map((e) => e.activity.text)).to.include("welcome back");
  });

  it("when the bot updates an activity, then an updated copy with the same id is delivered", async () => {
    await srv.close();
    srv = await startTestServer({
      bot: {
        async run(context) {
          if (context.activity.type !== "message") return;
          const sent = await context.sendActivity("working…");
          await context.updateActivity({ id: sent!.id, type: "message", text: "done" });
        },
      },
    });
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await postMessage(srv.url, started, "go");
    const activities = await stream.until((a) => texts(a).includes("done"));
    const bot = activities.filter((a) => a.from?.role === "bot");
    expect(bot.map((a) => a.text)).to.deep.equal(["working…", "done"]);
    expect(bot[0]!.id).to.equal(bot[1]!.id);
    await stream.close();
  });

  it("when the bot deletes an activity, then it fails clearly and the turn error path answers", async () => {
    await srv.close();
    srv = await startTestServer({
      bot: {
        async run(context) {
          if (context.activity.type !== "message") return;
          await context.deleteActivity("x");
        },
      },
    });
    const started = await startConversation(srv.url);
    const posted = await postMessage(srv.url, started, "delete it");
    expect(posted.status).to.equal(200);
    expect(srv.log.lines.join("\n")).to.include("directline.turn_error");
  });

  it("when a proactive message targets an unknown conversation, then it fails with not_found", async () => {
    let error: unknown;
    try {
      await srv.directLine.adapter.continueConversationById("nobody", async () => {});
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property("code", "not_found");
  });
});
