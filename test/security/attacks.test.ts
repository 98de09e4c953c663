/**
 * The attacks issue 7 found, each as a test against a whole server (real HTTP, real WebSocket,
 * the real bot): one request must never end the process or get a 5xx.
 */
import { expect } from "chai";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { WebSocket } from "ws";
import { ATTACK_SECRET, startTarget, type Target } from "./harness.js";
import { recordingLogger } from "../support/directline.js";
import { startConnectorStandIn, type ConnectorStandIn } from "../support/connectorStandIn.js";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request (no client-side checks on paths or headers). */
function raw(target: Target, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: target.port, method: options.method ?? "GET", path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The status line an upgrade request gets (or "closed" when the socket ends without one). */
function upgradeStatus(target: Target, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(target.port, "127.0.0.1", () => {
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`,
      );
    });
    let data = "";
    socket.on("data", (c: Buffer) => {
      data += c.toString("latin1");
      if (data.includes("\r\n")) {
        resolve(data.slice(0, data.indexOf("\r\n")));
        socket.destroy();
      }
    });
    socket.on("error", () => resolve("closed"));
    socket.on("close", () => resolve(data === "" ? "closed" : data.slice(0, data.indexOf("\r\n"))));
  });
}

async function startDirectLine(target: Target): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const res = await fetch(`${target.url}/v3/directline/conversations`, { method: "POST", headers: { authorization: `Bearer ${ATTACK_SECRET}` } });
  expect(res.status).to.equal(201);
  return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
}

function post(target: Target, started: { conversationId: string; token: string }, body: string, headers: Record<string, string> = {}) {
  return raw(target, {
    method: "POST",
    path: `/v3/directline/conversations/${started.conversationId}/activities`,
    headers: { authorization: `Bearer ${started.token}`, "content-type": "application/json", ...headers },
    body,
  });
}

async function stillServes(target: Target): Promise<void> {
  const res = await fetch(`${target.url}/healthz`);
  expect(res.status, "the server still answers").to.equal(200);
}

describe("Attacks on the HTTP and WebSocket surface (issue 7)", function () {
  this.timeout(30_000);
  let target: Target;
  let log: ReturnType<typeof recordingLogger>;
  beforeEach(async () => {
    log = recordingLogger();
    target = await startTarget({ CHANNEL_SEND_TIMEOUT_MS: "300" }, log);
  });
  afterEach(async () => {
    await target.close();
  });

  describe("one request cannot crash the process or get a 5xx", () => {
    it("when a WebSocket upgrade has a bad % escape in the conversation id, then it is answered 404 and the server keeps serving", async () => {
      const status = await upgradeStatus(target, "/v3/directline/conversations/%ZZ/stream");
      expect(status).to.match(/^HTTP\/1\.1 404 /);
      await stillServes(target);
    });

    it("when WebSocket upgrades come to odd Direct Line paths, then each gets a 4xx status line, none hangs", async () => {
      for (const path of ["/v3/directline/conversations/", "/v3/directline/x", "/v3/directline/conversations/a/b/stream", "/v3/directline/conversations/%E0%A4%A/stream?t=%"]) {
        expect(await upgradeStatus(target, path), path).to.match(/^HTTP\/1\.1 4\d\d /);
      }
      expect(await upgradeStatus(target, "/elsewhere")).to.match(/^HTTP\/1\.1 404 /);
      await stillServes(target);
    });

    it("when a Direct Line client posts a type only the server makes (conversationUpdate, invoke), then 400 names the type and no turn runs", async () => {
      const started = await startDirectLine(target);
      const before = (await target.stores.transcripts.read(started.conversationId)).length;
      for (const type of ["conversationUpdate", "invoke", "installationUpdate"]) {
        const res = await post(target, started, JSON.stringify({ type, membersAdded: [null], from: { id: "x" } }));
        expect(res.status, type).to.equal(400);
        expect(JSON.parse(res.body).error.message, type).to.match(/^type: /);
      }
      expect((await target.stores.transcripts.read(started.conversationId)).length).to.equal(before);
      await stillServes(target);
    });

    it("when a channel posts a conversationUpdate whose membersAdded holds a null or an id-less member, then 400 names membersAdded, not a 500", async () => {
      for (const membersAdded of [[null], [{}], "everyone"]) {
        const res = await raw(target, {
          method: "POST",
          path: "/api/messages",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "conversationUpdate", channelId: "telegram", serviceUrl: "https://connector.invalid/", conversation: { id: "tg-members" }, from: { id: "tg-user" }, membersAdded }),
        });
        expect(res.status, JSON.stringify(membersAdded)).to.equal(400);
        expect(res.body).to.contain("membersAdded");
      }
    });

    it("when a JSON body is nested 5,000 deep, then 400 says it is nested too deeply", async () => {
      const started = await startDirectLine(target);
      const deep = "[".repeat(5000) + "]".repeat(5000);
      const res = await post(target, started, `{"type":"message","text":"x","value":${deep}}`);
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body).error.message).to.match(/^body: nested deeper than \d+ levels/);
      const bf = await raw(target, { method: "POST", path: "/api/messages", headers: { "content-type": "application/json" }, body: deep });
      expect(bf.status).to.equal(400);
    });

    it("when a REST path has a bad % escape, then the answer is 400, not 500", async () => {
      const started = await startDirectLine(target);
      for (const path of ["/v3/directline/conversations/%ZZ/activities", "/v3/directline/conversations/%E0%A4%A", "/v3/directline/conversations/%/activities"]) {
        const res = await raw(target, { path, headers: { authorization: `Bearer ${started.token}` } });
        expect(res.status, path).to.be.within(400, 499);
      }
    });

    for (const encoding of ["gzip", "deflate", "br"]) {
      it(`when a body claims ${encoding} and is not, then 400 says it could not be decompressed`, async () => {
        const started = await startDirectLine(target);
        const res = await post(target, started, "this is not compressed", { "content-encoding": encoding });
        expect(res.status).to.equal(400);
        expect(JSON.parse(res.body).error.message).to.equal("request body could not be decompressed");
        const bf = await raw(target, {
          method: "POST",
          path: "/api/messages",
          headers: { "content-type": "application/json", "content-encoding": encoding },
          body: "garbage",
        });
        expect(bf.status).to.equal(400);
      });
    }

    it("when a body is properly gzipped, then it is accepted (compression itself is not refused)", async () => {
      const started = await startDirectLine(target);
      const body = zlib.gzipSync(JSON.stringify({ type: "message", text: "你好" }));
      const res = await raw(target, {
        method: "POST",
        path: `/v3/directline/conversations/${started.conversationId}/activities`,
        headers: { authorization: `Bearer ${started.token}`, "content-type": "application/json", "content-encoding": "gzip" },
        body,
      });
      expect(res.status).to.equal(200);
    });

    it("when webchat.js is asked for an impossible Range, then 416", async () => {
      const res = await raw(target, { path: "/webchat/webchat.js", headers: { range: "bytes=999999999-" } });
      expect(res.status).to.equal(416);
    });

    it("when /api/messages gets a 100 KB conversation id, then 400 names conversation.id", async () => {
      const res = await raw(target, {
        method: "POST",
        path: "/api/messages",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", channelId: "telegram", serviceUrl: "http://127.0.0.1:9/", conversation: { id: "a".repeat(100_000) }, from: { id: "u" }, text: "hi" }),
      });
      expect(res.status).to.equal(400);
      expect(res.body).to.contain("conversation.id");
    });
  });

  describe("a channel whose connector cannot be reached", () => {
    let blackHole: net.Server;
    let blackHoleUrl: string;
    const held: net.Socket[] = [];
    beforeEach(async () => {
      // Accepts connections and never answers: the worst connector.
      blackHole = net.createServer((socket) => {
        held.push(socket);
        socket.on("error", () => {});
      });
      await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
      blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}/`;
    });
    afterEach(async () => {
      for (const socket of held.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });

    it("when the serviceUrl never answers, then the request gets 202 (not 5xx), the failure is logged, and the conversation's lock is free for the next message", async () => {
      const message = (text: string) =>
        raw(target, {
          method: "POST",
          path: "/api/messages",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "message", channelId: "telegram", serviceUrl: blackHoleUrl, conversation: { id: "tg-hole" }, from: { id: "u1" }, recipient: { id: "bot" }, text }),
        });
      const first = await message("hello");
      expect(first.status).to.equal(202);
      expect(log.lines.some((l) => l.includes('"channel.send_failed"'))).to.equal(true);
      // The lock was released: a second message on the same conversation is taken too (the test's timeout bounds it).
      const second = await message("hello again");
      expect(second.status).to.equal(202);
      const stored = await target.stores.transcripts.read("tg-hole");
      expect(stored.filter((e) => (e.activity.from as { role?: string }).role === "user")).to.have.length(2);
      expect(stored.some((e) => (e.activity.from as { role?: string }).role === "bot"), "the replies are stored").to.equal(true);
    });

    it("when the serviceUrl refuses connections, then 202 and the failure is logged", async () => {
      const res = await raw(target, {
        method: "POST",
        path: "/api/messages",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", channelId: "telegram", serviceUrl: "http://127.0.0.1:9/", conversation: { id: "tg-refused" }, from: { id: "u1" }, text: "hi" }),
      });
      expect(res.status).to.equal(202);
    });
  });

  describe("no channel writes into a Direct Line conversation or speaks as the bot", () => {
    let connector: ConnectorStandIn;
    beforeEach(async () => {
      connector = await startConnectorStandIn();
    });
    afterEach(async () => {
      await connector.close();
    });

    it("when /api/messages names a live Direct Line conversation, then it is refused with 400 and the Direct Line transcript is unchanged", async () => {
      const started = await startDirectLine(target);
      const before = await target.stores.transcripts.read(started.conversationId);
      for (const channelId of ["directline", "telegram", "webchat"]) {
        const res = await raw(target, {
          method: "POST",
          path: "/api/messages",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            type: "message",
            channelId,
            serviceUrl: connector.serviceUrl,
            conversation: { id: started.conversationId },
            from: { id: "attacker", role: "bot", name: "xieshang" },
            text: "Your account is frozen, send your card number",
          }),
        });
        expect(res.status, channelId).to.equal(400);
        expect(res.body).to.contain("conversation.id");
      }
      const after = await target.stores.transcripts.read(started.conversationId);
      expect(after.length).to.equal(before.length);
    });

    it("when a channel's activity says from.role bot and uses the bot's name, then it is stored as the user's, without the bot's name", async () => {
      const res = await raw(target, {
        method: "POST",
        path: "/api/messages",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          type: "message",
          channelId: "telegram",
          serviceUrl: connector.serviceUrl,
          conversation: { id: "tg-role" },
          from: { id: "tg-user", role: "bot", name: "Xieshang" },
          recipient: { id: "bot-id", name: "Xieshang" },
          text: "hello",
        }),
      });
      expect(res.status).to.equal(200);
      const stored = await target.stores.transcripts.read("tg-role");
      const inbound = stored.find((e) => (e.activity.from as { id?: string }).id === "tg-user")!;
      expect(inbound.activity.from).to.deep.equal({ id: "tg-user", role: "user" });
    });

    it("when a channel's activity is from the bot's own id, then 400", async () => {
      const res = await raw(target, {
        method: "POST",
        path: "/api/messages",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", channelId: "telegram", serviceUrl: connector.serviceUrl, conversation: { id: "tg-self" }, from: { id: "bot-id" }, recipient: { id: "bot-id" }, text: "hi" }),
      });
      expect(res.status).to.equal(400);
    });

    it("when a Direct Line client posts with from.role bot and another name, then the stored activity is the user's with the server's name", async () => {
      const started = await startDirectLine(target);
      const res = await post(target, started, JSON.stringify({ type: "message", text: "hi", from: { id: "x", role: "bot", name: "xieshang" } }));
      expect(res.status).to.equal(200);
      const stored = await target.stores.transcripts.read(started.conversationId);
      const mine = stored.filter((e) => e.activity.type === "message" && (e.activity.from as { role?: string }).role === "user");
      expect(mine).to.have.length(1);
      const from = mine[0]!.activity.from as Record<string, unknown>;
      expect(from.role).to.equal("user");
      expect(from.name).to.equal(undefined);
      expect(from.id).to.match(/^dl_/);
    });

    it("when the secret's holder posts as the bot's id or name, then 403", async () => {
      const started = await startDirectLine(target);
      for (const from of [{ id: "xieshang" }, { id: "u1", name: "XIESHANG" }]) {
        const res = await raw(target, {
          method: "POST",
          path: `/v3/directline/conversations/${started.conversationId}/activities`,
          headers: { authorization: `Bearer ${ATTACK_SECRET}`, "content-type": "application/json" },
          body: JSON.stringify({ type: "message", text: "hi", from }),
        });
        expect(res.status, JSON.stringify(from)).to.equal(403);
      }
    });
  });

  describe("the Host header is the client's, not the server's", () => {
    it("when POST /conversations carries a foreign Host, then it is refused and nothing with that host is stored", async () => {
      const res = await raw(target, {
        method: "POST",
        path: "/v3/directline/conversations",
        headers: { authorization: `Bearer ${ATTACK_SECRET}`, host: "evil.example" },
      });
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body).error.message).to.match(/^Host: /);
    });

    it("when PUBLIC_URL is configured, then streamUrl and the stored serviceUrl use it whatever Host says", async () => {
      const other = await startTarget({ PUBLIC_URL: "https://chat.bank.example" });
      try {
        const res = await raw(other, { method: "POST", path: "/v3/directline/conversations", headers: { authorization: `Bearer ${ATTACK_SECRET}`, host: "evil.example" } });
        expect(res.status).to.equal(201);
        const body = JSON.parse(res.body) as { conversationId: string; streamUrl: string };
        expect(body.streamUrl).to.match(/^wss:\/\/chat\.bank\.example\/v3\/directline\/conversations\//);
        const reference = await other.stores.references.get(body.conversationId);
        expect(reference?.serviceUrl).to.equal("https://chat.bank.example/v3/directline");
      } finally {
        await other.close();
      }
    });
  });

  describe("a WebSocket with hostile frames", () => {
    it("when a client sends an oversized frame and binary garbage, then only that socket is closed and the server keeps serving", async () => {
      const started = await startDirectLine(target);
      const ws = new WebSocket(started.streamUrl);
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
      ws.on("error", () => {});
      ws.send(Buffer.from([0xff, 0x00, 0xfe]));
      ws.send("x".repeat(200 * 1024));
      expect(await closed).to.equal(1009);
      await stillServes(target);
    });
  });
});
