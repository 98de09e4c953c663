import { expect } from "chai";
import { widgetCatalog } from "../../../src/web/index.js";
import { api, startTestServer, StreamClient, texts, type TestServer } from "../../support/directline.js";

describe("The borrower's widget page", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer({ widgetRateLimit: { max: 3 } });
  });
  afterEach(async () => {
    await srv.close();
  });

  it("when the page is requested, then it is HTML that loads /webchat/webchat.js and the page script, with the Chinese strings by default", async () => {
    for (const path of ["/", "/index.html"]) {
      const res = await fetch(srv.url + path);
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.match(/^text\/html/);
      const html = await res.text();
      expect(html).to.include('<script src="/webchat/webchat.js"></script>');
      expect(html).to.include('<script src="/web/widget.js"></script>');
      expect(html).to.include('<html lang="zh-CN"');
      expect(html).to.include(widgetCatalog["zh-CN"].title);
      expect(html).not.to.include("test-direct-line-secret");
    }
  });

  it("when ?locale=en or an English Accept-Language is given, then the page starts in English", async () => {
    const byQuery = await (await fetch(`${srv.url}/?locale=en`)).text();
    const byHeader = await (await fetch(`${srv.url}/`, { headers: { "Accept-Language": "en-GB,en;q=0.9" } })).text();
    for (const html of [byQuery, byHeader]) {
      expect(html).to.include('<html lang="en"');
      expect(html).to.include(widgetCatalog.en.title);
    }
  });

  it("when the bundle is requested, then the official Web Chat UMD bundle is served with a JavaScript content type", async () => {
    const res = await fetch(`${srv.url}/webchat/webchat.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.match(/javascript/);
    const body = await res.text();
    expect(body.length).to.be.greaterThan(1_000_000);
    expect(body).to.include("renderWebChat");
  });

  it("when the page script is requested, then it is JavaScript that renders Web Chat against this origin's Direct Line", async () => {
    const res = await fetch(`${srv.url}/web/widget.js`);
    expect(res.headers.get("content-type")).to.match(/javascript/);
    const js = await res.text();
    expect(js).to.include("window.WebChat.renderWebChat");
    expect(js).to.include('location.origin + "/v3/directline"');
    expect(js).to.include("/api/widget/token");
  });

  it("when the page asks for a token, then it gets one for a new conversation that Direct Line accepts, without the secret", async () => {
    const res = await api(srv.url, "/api/widget/token", { method: "POST", body: {}, headers: { Origin: srv.url } });
    expect(res.status).to.equal(200);
    expect(res.headers.get("cache-control")).to.equal("no-store");
    expect(Object.keys(res.body).sort()).to.deep.equal(["conversationId", "expires_in", "token", "userId"]);
    const start = await api(srv.url, "/v3/directline/conversations", { method: "POST", auth: res.body.token });
    expect(start.status).to.equal(201);
    expect(start.body.conversationId).to.equal(res.body.conversationId);
    const stream = await StreamClient.open(start.body.streamUrl);
    const activities = await stream.until((a) => texts(a).includes("hello"));
    expect(activities[0]!.recipient.id).to.equal(res.body.userId);
    await stream.close();
  });

  it("when a request without an Origin (not from a page) asks for a token, then it is refused with 403 naming Origin", async () => {
    const res = await api(srv.url, "/api/widget/token", { method: "POST", body: {} });
    expect(res.status).to.equal(403);
    expect(res.body.error.message).to.match(/^Origin: /);
  });

  it("when another site's page asks for a token, then it is refused with 403", async () => {
    const res = await api(srv.url, "/api/widget/token", { method: "POST", body: {}, headers: { Origin: "https://evil.example" } });
    expect(res.status).to.equal(403);
  });

  it("when one address asks for too many tokens, then it gets 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(srv.url, "/api/widget/token", { method: "POST", body: {}, headers: { Origin: srv.url } })).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    const limited = await api(srv.url, "/api/widget/token", { method: "POST", body: {}, headers: { Origin: srv.url } });
    expect(limited.headers.get("retry-after")).to.match(/^\d+$/);
    expect(limited.body.error.code).to.equal("TooManyRequests");
  });

  it("when the catalog is read, then both locales have the same keys and no empty string", () => {
    const zh = Object.keys(widgetCatalog["zh-CN"]).sort();
    expect(Object.keys(widgetCatalog.en).sort()).to.deep.equal(zh);
    for (const strings of Object.values(widgetCatalog)) {
      for (const value of Object.values(strings)) expect(value).to.be.a("string").and.not.equal("");
    }
  });
});
