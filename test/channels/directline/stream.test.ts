import { expect } from "chai";
import { ActivityHandler } from "botbuilder";
import { api, postMessage, startConversation, startTestServer, StreamClient, texts, type TestServer } from "../../support/directline.js";

describe("Direct Line WebSocket stream", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  it("when activities arrive, then every frame is { activities, watermark } with a watermark that is a transcript id", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await postMessage(srv.url, started, "a");
    await postMessage(srv.url, started, "b");
    await stream.until((a) => texts(a).includes("echo: b"));
    const ids = (await srv.stores.transcripts.read(started.conversationId)).map((e) => e.id);
    expect(stream.frames.length).to.be.greaterThan(0);
    for (const frame of stream.frames) {
      expect(Object.keys(frame).sort()).to.deep.equal(["activities", "watermark"]);
      expect(frame.activities).to.be.an("array").that.is.not.empty;
      expect(ids).to.include(frame.watermark);
    }
    await stream.close();
  });

  it("when a client reconnects with the last watermark it saw, then it receives exactly what it missed, nothing doubled", async () => {
    const started = await startConversation(srv.url);
    const first = await StreamClient.open(started.streamUrl);
    await postMessage(srv.url, started, "one");
    await first.until((a) => texts(a).includes("echo: one"));
    const watermark = first.lastWatermark!;
    const seenBefore = first.activities.map((a) => a.id);
    await first.close();

    await postMessage(srv.url, started, "two");
    await postMessage(srv.url, started, "three");

    const again = await api(srv.url, `/v3/directline/conversations/${started.conversationId}?watermark=${encodeURIComponent(watermark)}`, {
      auth: started.token,
    });
    const second = await StreamClient.open(again.body.streamUrl);
    await postMessage(srv.url, started, "four");
    const activities = await second.until((a) => texts(a).includes("echo: four"));
    expect(texts(activities)).to.deep.equal(["two", "echo: two", "three", "echo: three", "four", "echo: four"]);
    const ids = activities.map((a) => a.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.filter((id) => seenBefore.includes(id))).to.deep.equal([]);
    await second.close();
  });

  it("when activities are appended while the stream is replaying its backlog, then none is lost or doubled", async () => {
    const started = await startConversation(srv.url);
    const conversationId = started.conversationId;
    // A long backlog (several read pages), then appends racing the connection.
    for (let i = 0; i < 250; i++) {
      await srv.directLine.adapter.deliver(conversationId, { type: "message", id: `${conversationId}|b${i}`, text: `b${i}` });
    }
    const opening = StreamClient.open(started.streamUrl);
    const racing = (async () => {
      for (let i = 0; i < 50; i++) {
        await srv.directLine.adapter.deliver(conversationId, { type: "message", id: `${conversationId}|r${i}`, text: `r${i}` });
      }
    })();
    const stream = await opening;
    await racing;
    const activities = await stream.until((a) => texts(a).includes("r49"));
    const expected = ["hello", ...Array.from({ length: 250 }, (_, i) => `b${i}`), ...Array.from({ length: 50 }, (_, i) => `r${i}`)];
    expect(texts(activities)).to.deep.equal(expected);
    await stream.close();
  });

  it("when two clients watch the same conversation, then both receive the same frames in the same order", async () => {
    const started = await startConversation(srv.url);
    const a = await StreamClient.open(started.streamUrl);
    const b = await StreamClient.open(started.streamUrl);
    for (const t of ["x", "y", "z"]) await postMessage(srv.url, started, t);
    await a.until((acts) => texts(acts).includes("echo: z"));
    await b.until((acts) => texts(acts).includes("echo: z"));
    expect(a.activities.map((x) => x.id)).to.deep.equal(b.activities.map((x) => x.id));
    await a.close();
    await b.close();
  });

  it("when the token is sent in the Authorization header instead of the t parameter, then the stream opens", async () => {
    const started = await startConversation(srv.url);
    const url = new URL(started.streamUrl);
    url.searchParams.delete("t");
    const stream = await StreamClient.open(url.toString(), { Authorization: `Bearer ${started.token}` });
    await stream.until((a) => texts(a).includes("hello"));
    await stream.close();
  });

  it("when the watermark is not one of ours, then the stream closes with a policy code and the server keeps serving", async () => {
    const started = await startConversation(srv.url);
    const url = new URL(started.streamUrl);
    url.searchParams.set("watermark", "not-a-watermark");
    const stream = await StreamClient.open(url.toString());
    const { code } = await stream.closed;
    expect(code).to.equal(1008);
    const ok = await StreamClient.open(started.streamUrl);
    await ok.until((a) => texts(a).includes("hello"));
    await ok.close();
  });

  it("when the server closes, then open streams are closed with 1012 (service restart), so that clients reconnect", async () => {
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    await stream.until((a) => texts(a).includes("hello"));
    await srv.directLine.close();
    const { code } = await stream.closed;
    expect(code).to.equal(1012);
  });

  it("when the server pings, then a live client's pong keeps the stream open", async () => {
    await srv.close();
    srv = await startTestServer({ pingIntervalMs: 20 });
    const started = await startConversation(srv.url);
    const stream = await StreamClient.open(started.streamUrl);
    let pings = 0;
    await new Promise<void>((resolve) => {
      stream.ws.on("ping", () => {
        pings += 1;
        if (pings === 3) resolve();
      });
    });
    expect(stream.ws.readyState).to.equal(stream.ws.OPEN);
    await stream.close();
  });

  it("when a client stops answering pings, then the server drops it and forgets the session", async () => {
    await srv.close();
    srv = await startTestServer({ pingIntervalMs: 20 });
    const started = await startConversation(srv.url);
    const { WebSocket } = await import("ws");
    const silent = new WebSocket(started.streamUrl, { autoPong: false });
    const code = await new Promise<number>((resolve) => silent.on("close", (c) => resolve(c)));
    expect(code).to.equal(1006);
    const ok = await StreamClient.open(started.streamUrl);
    await ok.until((a) => texts(a).includes("hello"));
    await ok.close();
  });
  it("when the bot sends several replies back to back, then their notifications are coalesced and the stream still delivers every activity once, in order, each frame with a watermark", async () => {
    await srv.close();
    class Chatty extends ActivityHandler {
      constructor() {
        super();
        this.onMessage(async (context, next) => {
          for (let i = 0; i < 10; i++) await context.sendActivity(`${context.activity.text}-${i}`);
          await next();
        });
      }
    }
    srv = await startTestServer({ bot: new Chatty() });
    const published: string[] = [];
    const publish = srv.stores.notifier.publish.bind(srv.stores.notifier);
    srv.stores.notifier.publish = async (topic, message) => {
      published.push(message);
      await publish(topic, message);
    };
    const started = await startConversation(srv.url);
    const a = await StreamClient.open(started.streamUrl);
    const b = await StreamClient.open(started.streamUrl);
    for (const t of ["x", "y", "z"]) await postMessage(srv.url, started, t);
    const want = ["x", "y", "z"].flatMap((t) => [t, ...Array.from({ length: 10 }, (_, i) => `${t}-${i}`)]);
    for (const stream of [a, b]) {
      const activities = await stream.until((acts) => texts(acts).includes("z-9"));
      expect(texts(activities).filter((t) => t !== "hello")).to.deep.equal(want);
      const ids = activities.map((x) => x.id);
      expect(new Set(ids).size).to.equal(ids.length);
      const transcriptIds = (await srv.stores.transcripts.read(started.conversationId)).map((e) => e.id);
      for (const frame of stream.frames) expect(transcriptIds).to.include(frame.watermark);
    }
    // 33 bot replies and 3 borrower messages stored, far fewer wake-ups published
    expect(published.length).to.be.greaterThan(0).and.below(12);
    await a.close();
    await b.close();
  });
});
