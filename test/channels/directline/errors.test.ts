import { expect } from "chai";
import express from "express";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { XieshangError, type ErrorCode } from "../../../src/errors.js";
import { errorHandler } from "../../../src/http/errorHandler.js";
import { validateBody } from "../../../src/http/validate.js";
import { api, postMessage, startConversation, startTestServer, type TestServer } from "../../support/directline.js";

describe("Direct Line bad requests", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  const stillServes = async (started: Awaited<ReturnType<typeof startConversation>>) => {
    const ok = await postMessage(srv.url, started, "still fine");
    expect(ok.status).to.equal(200);
  };

  it("when the body is malformed JSON, then 400 BadArgument says so without echoing the text, and the server keeps serving", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, {
      auth: started.token,
      raw: '{"type":"message","text":"我的身份证号 110101199003077777"',
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal("BadArgument");
    expect(res.body.error.message).to.match(/^malformed JSON: /);
    expect(res.body.error.message).not.to.include("110101");
    await stillServes(started);
  });

  it("when the activity has no type, then 400 names `type`", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, {
      auth: started.token,
      body: { text: "no type" },
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/^type: /);
    await stillServes(started);
  });

  it("when the body is a JSON array, then 400 names the body", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, {
      auth: started.token,
      body: [{ type: "message" }],
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/^body: /);
  });

  it("when the text is longer than the cap, then 400 names `text`", async () => {
    const started = await startConversation(srv.url);
    const res = await postMessage(srv.url, started, "长".repeat(5001));
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/^text: /);
    await stillServes(started);
  });

  it("when the body is larger than 256 kB, then 413 and the server keeps serving", async () => {
    const started = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities`, {
      auth: started.token,
      body: { type: "event", name: "x", value: "a".repeat(300 * 1024) },
    });
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal("MessageSizeTooBig");
    await stillServes(started);
  });

  it("when a client uploads a file, then 415 says uploads are not supported, and the server keeps serving", async () => {
    const started = await startConversation(srv.url);
    const form = new FormData();
    form.append("file", new Blob(["%PDF-1.4 payslip"], { type: "application/pdf" }), "payslip.pdf");
    const res = await fetch(`${srv.url}/v3/directline/conversations/${started.conversationId}/upload?userId=u`, {
      method: "POST",
      headers: { Authorization: `Bearer ${started.token}` },
      body: form,
    });
    expect(res.status).to.equal(415);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).to.equal("uploads are not supported; send text");
    await stillServes(started);
  });

  it("when an upload targets another conversation, then it is refused with 403 before anything else", async () => {
    const a = await startConversation(srv.url);
    const b = await startConversation(srv.url);
    const res = await api(srv.url, `/v3/directline/conversations/${b.conversationId}/upload`, { auth: a.token, body: {} });
    expect(res.status).to.equal(403);
  });

  it("when a Direct Line path does not exist, then 404 in the Direct Line error shape", async () => {
    const res = await api(srv.url, "/v3/directline/nothing-here");
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal("NotFound");
  });
});

describe("The central error handler", () => {
  let server: http.Server;
  let url: string;
  before(async () => {
    const app = express();
    app.get("/throw/:code", (req) => {
      throw new XieshangError(req.params.code as ErrorCode, `because ${req.params.code}`);
    });
    app.get("/crash", () => {
      throw new Error("secret internals");
    });
    app.post("/validated", express.json(), validateBody(z.object({ amount: z.object({ value: z.number() }) })), (req, res) => {
      res.json({ got: req.body });
    });
    app.use(errorHandler());
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const table: Array<[ErrorCode, number]> = [
    ["bad_request", 400],
    ["unauthorized", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["payload_too_large", 413],
    ["unavailable", 503],
    ["policy", 500],
  ];
  for (const [code, status] of table) {
    it(`when a handler throws XieshangError("${code}"), then the status is ${status}`, async () => {
      const res = await api(url, `/throw/${code}`);
      expect(res.status).to.equal(status);
      expect(res.body.error.code).to.be.a("string");
      expect(res.body.error.message).to.equal(status === 500 ? "internal error" : `because ${code}`);
    });
  }

  it("when a handler throws a plain Error, then 500 with a generic message that hides the internals", async () => {
    const res = await api(url, "/crash");
    expect(res.status).to.equal(500);
    expect(res.body).to.deep.equal({ error: { code: "ServiceError", message: "internal error" } });
  });

  it("when validateBody rejects a nested field, then the 400 message names the dotted path", async () => {
    const res = await api(url, "/validated", { body: { amount: { value: "3k" } } });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/^amount\.value: /);
    const ok = await api(url, "/validated", { body: { amount: { value: 3000 } } });
    expect(ok.body).to.deep.equal({ got: { amount: { value: 3000 } } });
  });
});
