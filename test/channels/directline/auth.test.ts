import { expect } from "chai";
import { DirectLineTokens } from "../../../src/channels/directline/tokens.js";
import { api, postMessage, SECRET, startConversation, startTestServer, StreamClient, type TestServer } from "../../support/directline.js";

describe("Direct Line tokens and authorisation", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  it("when the secret generates a token, then it answers { conversationId, token, expires_in } and the token carries the user id claim DirectLineJS reads", async () => {
    const res = await api(srv.url, "/v3/directline/tokens/generate", { method: "POST", auth: SECRET, body: { user: { id: "dl_borrower1", name: "B" } } });
    expect(res.status).to.equal(200);
    expect(Object.keys(res.body).sort()).to.deep.equal(["conversationId", "expires_in", "token"]);
    expect(res.body.expires_in).to.equal(1800);
    const payload = JSON.parse(Buffer.from(res.body.token.split(".")[1], "base64url").toString("utf8"));
    expect(payload).to.include({ conv: res.body.conversationId, user: "dl_borrower1" });
    expect(payload.exp - payload.iat).to.equal(1800);
  });

  it("when a token is refreshed, then a new token opens the same conversation as the same user", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, "/v3/directline/tokens/refresh", { method: "POST", auth: started.token });
    expect(res.status).to.equal(200);
    expect(res.body.conversationId).to.equal(started.conversationId);
    expect(res.body.token).to.not.equal(started.token);
    const posted = await postMessage(srv.url, { ...started, token: res.body.token }, "after refresh");
    expect(posted.status).to.equal(200);
  });

  it("when a token tries to generate tokens or the secret tries to refresh, then both are refused with 403", async () => {
    const started = await startConversation(srv.url);
    const gen = await api(srv.url, "/v3/directline/tokens/generate", { method: "POST", auth: started.token });
    const ref = await api(srv.url, "/v3/directline/tokens/refresh", { method: "POST", auth: SECRET });
    expect(gen.status).to.equal(403);
    expect(ref.status).to.equal(403);
  });

  it("when a token for conversation A reads, posts to, reconnects to or streams conversation B, then each is refused with 403", async () => {
    const a = await startConversation(srv.url);
    const b = await startConversation(srv.url);
    const read = await api(srv.url, `/v3/directline/conversations/${b.conversationId}/activities`, { auth: a.token });
    const post = await postMessage(srv.url, { ...b, token: a.token }, "intrusion");
    const reconnect = await api(srv.url, `/v3/directline/conversations/${b.conversationId}?watermark=-`, { auth: a.token });
    expect([read.status, post.status, reconnect.status]).to.deep.equal([403, 403, 403]);
    expect(read.body.error.code).to.equal("Forbidden");
    const streamUrl = new URL(b.streamUrl);
    streamUrl.searchParams.set("t", a.token);
    const refused = await StreamClient.open(streamUrl.toString()).then(
      () => 0,
      (e: { status?: number }) => e.status,
    );
    expect(refused).to.equal(403);
    const transcript = await srv.stores.transcripts.read(b.conversationId);
    expect(transcript.map((e) => e.activity.text)).not.to.include("intrusion");
  });

  it("when a token has expired, then REST calls and the stream answer 403 with TokenExpired", async () => {
    const started = await startConversation(srv.url);
    const past = new DirectLineTokens(SECRET, 60, () => Date.now() - 3_600_000);
    const { token } = await past.issue({ conversationId: started.conversationId, userId: "dl_old" });
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, { auth: token });
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal("TokenExpired");
    const refresh = await api(srv.url, "/v3/directline/tokens/refresh", { method: "POST", auth: token });
    expect(refresh.status).to.equal(403);
    const url = new URL(started.streamUrl);
    url.searchParams.set("t", token);
    const status = await StreamClient.open(url.toString()).then(
      () => 0,
      (e: { status?: number }) => e.status,
    );
    expect(status).to.equal(403);
  });

  it("when a token is signed with another secret, then it is refused with 403", async () => {
    const forger = new DirectLineTokens("some-other-secret-0123456789abcdef", 600);
    const { token } = await forger.issue({ conversationId: "abc", userId: "dl_x" });
    const res = await api(srv.url, "/v3/directline/conversations/abc/activities", { auth: token });
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal("Forbidden");
  });

  it("when the Authorization header is missing, then 401; when the secret is wrong, then 403", async () => {
    const missing = await api(srv.url, "/v3/directline/conversations", { method: "POST" });
    const wrong = await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: "not-the-secret" });
    const gen = await api(srv.url, "/v3/directline/tokens/generate", { method: "POST", auth: "not-the-secret" });
    expect(missing.status).to.equal(401);
    expect(missing.body.error.code).to.equal("Unauthorized");
    expect(wrong.status).to.equal(403);
    expect(gen.status).to.equal(403);
    const streamStatus = await StreamClient.open(`${srv.url.replace("http", "ws")}/v3/directline/conversations/abc/stream`).then(
      () => 0,
      (e: { status?: number }) => e.status,
    );
    expect(streamStatus).to.equal(401);
  });

  it("when the secret is used, then it can read and post to any conversation, and a post must say who speaks", async () => {
    const started = await startConversation(srv.url);
    const path = `/v3/directline/conversations/${started.conversationId}/activities`;
    const read = await api(srv.url, path, { auth: SECRET });
    expect(read.status).to.equal(200);
    const anonymous = await api(srv.url, path, { auth: SECRET, body: { type: "message", text: "x" } });
    expect(anonymous.status).to.equal(400);
    expect(anonymous.body.error.message).to.match(/^from\.id/);
    const named = await api(srv.url, path, { auth: SECRET, body: { type: "message", text: "x", from: { id: "u1" } } });
    expect(named.status).to.equal(200);
  });

  it("when a token posts with another from.id, then the token's user is who speaks", async () => {
    const started = await startConversation(srv.url);
    const claims = await new DirectLineTokens(SECRET, 60).verify(started.token);
    const posted = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, {
      auth: started.token,
      body: { type: "message", text: "x", from: { id: "someone-else" } },
    });
    const entries = await srv.stores.transcripts.read(started.conversationId);
    const stored = entries.find((e) => e.activity.id === posted.body.id)!;
    expect((stored.activity.from as { id: string }).id).to.equal(claims.userId);
  });

  it("when requests are made, then no log line contains a token or the secret", async () => {
    const started = await startConversation(srv.url);
    await postMessage(srv.url, started, "hello there");
    await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: "wrong" });
    const logged = srv.log.lines.join("\n");
    expect(logged).not.to.include(started.token);
    expect(logged).not.to.include(SECRET);
    expect(logged).not.to.include("hello there");
  });
});
