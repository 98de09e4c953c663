import { expect } from "chai";
import { api, postMessage, SECRET, startConversation, startTestServer, StreamClient, texts, type TestServer } from "../../support/directline.js";

describe("Direct Line conversations", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  it("when a client starts a conversation with the secret, then it gets 201 with an id, a token, expires_in and a streamUrl carrying the watermark and the token", async () => {
    const res = await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: SECRET });
    expect(res.status).to.equal(201);
    expect(res.body.conversationId).to.be.a("string").and.not.equal("");
    expect(res.body.token).to.be.a("string");
    expect(res.body.expires_in).to.equal(1800);
    const stream = new URL(res.body.streamUrl);
    expect(stream.protocol).to.equal("ws:");
    expect(stream.pathname).to.equal(`/v3/directline/conversations/${res.body.conversationId}/stream`);
    expect(stream.searchParams.get("watermark")).to.equal("-");
    expect(stream.searchParams.get("t")).to.equal(res.body.token);
  });

  it("when a conversation starts, then the bot's greeting is in the stream replay", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    const activities = await stream.until((a) => texts(a).includes("hello"));
    expect(texts(activities)).to.deep.equal(["hello"]);
    expect(activities.some((a) => a.type === "conversationUpdate")).to.equal(false);
    await stream.close();
  });

  it("when a token from tokens/generate starts its conversation twice, then the first answer is 201, the second 200, and the bot greets once", async () => {
    const gen = await api(srv.url, "/v3/directline/tokens/generate", { method: "POST", auth: SECRET });
    const first = await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: gen.body.token });
    const second = await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: gen.body.token });
    expect(first.status).to.equal(201);
    expect(second.status).to.equal(200);
    expect(first.body.conversationId).to.equal(gen.body.conversationId);
    expect(second.body.conversationId).to.equal(gen.body.conversationId);
    const polled = await api(srv.url, `/v3/directline/conversations/${gen.body.conversationId}/activities`, { auth: gen.body.token });
    expect(texts(polled.body.activities)).to.deep.equal(["hello"]);
  });

  it("when the user posts a message, then the stream carries the user's activity with its id and clientActivityID, then the bot's reply, in order", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await stream.until((a) => texts(a).includes("hello"));
    const posted = await postMessage(srv.url, started, "我想申请延期", "client-42");
    expect(posted.status).to.equal(200);
    expect(posted.body.id).to.be.a("string").and.match(new RegExp(`^${started.conversationId}\\|`));
    const activities = await stream.until((a) => texts(a).includes("echo: 我想申请延期"));
    const messages = activities.filter((a) => a.type === "message");
    expect(messages.map((a) => a.text)).to.deep.equal(["hello", "我想申请延期", "echo: 我想申请延期"]);
    const echoed = messages[1]!;
    expect(echoed.id).to.equal(posted.body.id);
    expect(echoed.channelData.clientActivityID).to.equal("client-42");
    expect(echoed.from.role).to.equal("user");
    expect(echoed.channelId).to.equal("directline");
    expect(echoed.conversation.id).to.equal(started.conversationId);
    expect(echoed.timestamp).to.be.a("string");
    const reply = messages[2]!;
    expect(reply.from.role).to.equal("bot");
    expect(reply.replyToId).to.equal(posted.body.id);
    expect(reply.recipient.id).to.equal(echoed.from.id);
    await stream.close();
  });

  it("when the user's activity is acknowledged, then it is already in the transcript", async () => {
    const started = await startConversation(srv.url);
    const posted = await postMessage(srv.url, started, "hi");
    const entries = await srv.stores.transcripts.read(started.conversationId);
    expect(entries.map((e) => e.activity.id)).to.include(posted.body.id);
  });

  it("when a client polls with the watermark it was given, then it gets only the newer activities", async () => {
    const started = await startConversation(srv.url);
    const path = `/v3/directline/conversations/${started.conversationId}/activities`;
    const first = await api(srv.url, path, { auth: started.token });
    expect(first.status).to.equal(200);
    expect(texts(first.body.activities)).to.deep.equal(["hello"]);
    expect(first.body.watermark).to.be.a("string");
    await postMessage(srv.url, started, "one");
    const second = await api(srv.url, `${path}?watermark=${encodeURIComponent(first.body.watermark)}`, { auth: started.token });
    expect(texts(second.body.activities)).to.deep.equal(["one", "echo: one"]);
    const third = await api(srv.url, `${path}?watermark=${encodeURIComponent(second.body.watermark)}`, { auth: started.token });
    expect(third.body.activities).to.deep.equal([]);
    expect(third.body.watermark).to.equal(second.body.watermark);
  });

  it("when the bot sends a typing activity, then the client receives it before the message", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await postMessage(srv.url, started, "typing");
    const activities = await stream.until((a) => texts(a).includes("done"));
    const types = activities.filter((a) => a.from?.role === "bot").map((a) => a.type);
    expect(types).to.deep.equal(["message", "typing", "message"]);
    await stream.close();
  });

  it("when the bot's turn throws, then the POST still answers with the id, a generic trace is sent, the log names no text, and the server keeps serving", async () => {
    const started = await startConversation(srv.url);
    const posted = await postMessage(srv.url, started, "boom");
    expect(posted.status).to.equal(200);
    expect(posted.body.id).to.be.a("string");
    const polled = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, { auth: started.token });
    const trace = polled.body.activities.find((a: { type: string }) => a.type === "trace");
    expect(trace).to.include({ name: "OnTurnError", value: "turn failed" });
    const logged = srv.log.lines.join("\n");
    expect(logged).to.include("directline.turn_error");
    expect(logged).not.to.include("boom");
    expect(logged).not.to.include("the bot failed");
    expect(logged).not.to.include(started.token);
    const again = await postMessage(srv.url, started, "still there?");
    expect(again.status).to.equal(200);
  });

  it("when a client reconnects with a watermark, then it gets a fresh token and a streamUrl carrying that watermark", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}?watermark=123-0`, { auth: started.token });
    expect(res.status).to.equal(200);
    expect(res.body.conversationId).to.equal(started.conversationId);
    expect(res.body.token).to.be.a("string");
    expect(res.body.expires_in).to.equal(1800);
    const stream = new URL(res.body.streamUrl);
    expect(stream.searchParams.get("watermark")).to.equal("123-0");
    expect(stream.searchParams.get("t")).to.equal(res.body.token);
  });

  it("when a client reconnects to a conversation that never started, then it gets 404", async () => {
    const res = await api(srv.url, "/v3/directline/conversations/neverStarted?watermark=-", { auth: SECRET });
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal("NotFound");
  });

  it("when the stored conversation is gone but the client holds a valid token, then it can still reconnect", async () => {
    // A token is minted for a conversation that has no stored reference (as after Redis restarted empty).
    const generated = await api(srv.url, "/v3/directline/tokens/generate", { method: "POST", auth: SECRET });
    const res = await api(srv.url, `/v3/directline/conversations/${generated.body.conversationId}?watermark=-`, { auth: generated.body.token });
    expect(res.status).to.equal(200);
    expect(res.body.conversationId).to.equal(generated.body.conversationId);
    expect(new URL(res.body.streamUrl).searchParams.get("t")).to.equal(res.body.token);
  });

  it("when the start body names a locale, then the bot sees it on the conversationUpdate", async () => {
    const seen: string[] = [];
    await srv.close();
    srv = await startTestServer({
      bot: {
        async run(context) {
          if (context.activity.type === "conversationUpdate") seen.push(String(context.activity.locale));
        },
      },
    });
    await startConversation(srv.url, SECRET, { user: {}, locale: "en-US" });
    expect(seen).to.deep.equal(["en-US"]);
  });
});
