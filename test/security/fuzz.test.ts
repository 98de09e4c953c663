/**
 * Fuzz: at least 10,000 hostile requests (seeded, reproducible: FUZZ_SEED=<n>) against every route
 * of a whole server on loopback — paths with bad escapes, huge, unicode and dot-dot segments;
 * every method; hostile headers (Authorization, Content-Type, Content-Encoding, Range, Origin,
 * Host, X-Forwarded-For); bodies (valid, mutated and malformed activities, deep nesting,
 * prototype keys, random bytes, compressed garbage, a small gzip bomb); raw malformed HTTP; and
 * WebSocket upgrades with bad paths and tokens and hostile frames. It asserts no 5xx, no logged
 * server fault, and a server that still serves at the end (an uncaught exception fails mocha).
 *
 * Every serviceUrl it sends points at loopback (a stand-in connector or a closed port).
 */
import { expect } from "chai";
import http from "node:http";
import net from "node:net";
import zlib from "node:zlib";
import { hkdfSync } from "node:crypto";
import { SignJWT } from "jose";
import { WebSocket } from "ws";
import { ATTACK_SECRET, startTarget, type Target } from "./harness.js";
import { recordingLogger } from "../support/directline.js";
import { mulberry32 } from "../../src/random.js";
import { startConnectorStandIn, type ConnectorStandIn } from "../support/connectorStandIn.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const HTTP_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const RAW_REQUESTS = 600;
const WEBSOCKETS = 300;
const CONCURRENCY = 24;

/** A seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, chance, bytes };
}
type Rng = ReturnType<typeof prng>;

interface Fixtures {
  target: Target;
  connector: ConnectorStandIn;
  conversations: Array<{ conversationId: string; token: string }>;
  forgedToken: string;
  noExpToken: string;
}

const UNICODE = ["会话", "😀", "\u202e", "ñ", "\ud800", "ｘｓｄｌ"];

/** Percent-encoded; a lone surrogate (not encodable) becomes the escape of its UTF-8-ish bytes, which no decoder accepts. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

function conversationSegment(rng: Rng, f: Fixtures): string {
  const c = rng.pick(f.conversations);
  return rng.pick([
    () => c.conversationId,
    () => c.conversationId,
    () => "%ZZ",
    () => "%",
    () => "%E0%A4%A",
    () => "..",
    () => "%2e%2e",
    () => "xsdl_" + "A".repeat(rng.int(200)),
    () => "a".repeat(rng.pick([1, 65, 1000, 20_000])),
    () => enc(rng.pick(UNICODE)),
    () => "%00",
    () => "%2F",
    () => "abc",
    () => "__proto__",
  ])();
}

function path(rng: Rng, f: Fixtures): string {
  const id = () => conversationSegment(rng, f);
  let p = rng.pick([
    () => "/",
    () => "/index.html",
    () => "/webchat/webchat.js",
    () => "/web/widget.js",
    () => "/favicon.ico",
    () => "/healthz",
    () => "/api/widget/token",
    () => "/api/messages",
    () => "/agent",
    () => "/agent/api/queue",
    () => "/v3/directline/tokens/generate",
    () => "/v3/directline/tokens/refresh",
    () => "/v3/directline/conversations",
    () => `/v3/directline/conversations/${id()}`,
    () => `/v3/directline/conversations/${id()}/activities`,
    () => `/v3/directline/conversations/${id()}/activities`,
    () => `/v3/directline/conversations/${id()}/activities`,
    () => `/v3/directline/conversations/${id()}/upload`,
    () => `/v3/directline/conversations/${id()}/stream`,
    () => "/v3/directline/" + "x/".repeat(rng.int(50)),
    () => "/../../etc/passwd",
    () => "/%2e%2e/%2e%2e/package.json",
    () => "/webchat/..%2f..%2fpackage.json",
    () => "/" + enc(rng.pick(UNICODE)),
    () => "/" + "a".repeat(rng.pick([100, 8000, 60_000])),
  ])();
  if (rng.chance(0.2)) p = p.replace(/\//g, rng.pick(["//", "/./", "/"]));
  if (rng.chance(0.1)) p = p.toUpperCase();
  if (rng.chance(0.35)) {
    p += "?" + rng.pick([
      () => "watermark=" + rng.pick(["-", "", "0", "abc", "%ZZ", "9".repeat(40), "-1", "1-0", "0-0|x"]),
      () => "watermark[]=1&watermark[]=2",
      () => "t=" + rng.pick(f.conversations).token,
      () => "t=%",
      () => "locale=" + rng.pick(["en", "zh-CN", "%ZZ", "x".repeat(500)]),
      () => "a=" + "b".repeat(rng.int(4000)),
      () => "__proto__[x]=1&constructor[prototype][y]=2",
    ])();
  }
  return p;
}

function activityBody(rng: Rng, f: Fixtures): unknown {
  const base: Record<string, unknown> = { type: "message", text: "我想分期还款" };
  const mutations: Array<() => void> = [
    () => (base.type = rng.pick(["message", "event", "typing", "conversationUpdate", "invoke", "", "x".repeat(100), 5, null])),
    () => (base.text = rng.pick(["", "hi", "长".repeat(rng.pick([10, 3999, 4001, 9000])), 42, null, ["a"], { a: 1 }])),
    () => (base.from = rng.pick([{ id: "x", role: "bot", name: "xieshang" }, { id: 5 }, "me", null, { id: "", name: "n".repeat(300) }])),
    () => (base.channelData = rng.pick([{ clientActivityID: "c-" + rng.int(1e6) }, { clientActivityID: 5 }, [], "x", null, { __proto__: { polluted: 1 } }])),
    () => (base.value = nested(rng.pick([5, 20, 31, 33, 200]))),
    () => (base.attachments = [{ contentType: "image/png", contentUrl: "http://127.0.0.1:9/x.png" }]),
    () => (base.locale = rng.pick(["en", "zh-CN", "x".repeat(100), 1])),
    () => (base.name = "handoff.request"),
    () => (base.replyToId = "%ZZ"),
    () => Object.assign(base, JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}')),
    () => (base.conversation = { id: rng.pick(f.conversations).conversationId }),
    () => (base.recipient = { id: "xieshang", role: "user" }),
  ];
  for (let i = rng.int(4); i > 0; i--) rng.pick(mutations)();
  return base;
}

function channelActivity(rng: Rng, f: Fixtures): unknown {
  const body: Record<string, unknown> = {
    type: "message",
    channelId: rng.pick(["telegram", "slack", "directline", "msteams", "", "x".repeat(80)]),
    serviceUrl: rng.pick([f.connector.serviceUrl, f.connector.serviceUrl, "http://127.0.0.1:9/", "not a url", "ftp://127.0.0.1/", "javascript:alert(1)"]),
    conversation: { id: rng.pick(["fz-" + rng.int(50), rng.pick(f.conversations).conversationId, "a".repeat(rng.pick([10, 2000])), ""]) },
    from: rng.pick([{ id: "fz-user" }, { id: "fz-user", role: "bot", name: "Xieshang" }, { id: "bot" }, {}]),
    recipient: { id: "bot", name: "Xieshang" },
    text: rng.pick(["hello", "我要找人工", "", "x".repeat(9000)]),
  };
  if (rng.chance(0.2)) delete body[rng.pick(["type", "channelId", "serviceUrl", "conversation", "from"])];
  return body;
}

function headSize(r: Req): number {
  return r.method.length + r.path.length + Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
}

/** 4 MiB of spaces, gzipped to about 4 KB. */
const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function request(rng: Rng, f: Fixtures): Req {
  const p = path(rng, f);
  const method = rng.chance(0.7)
    ? /\/(activities|conversations|generate|refresh|token|messages|upload)$/.test(p.split("?")[0]!)
      ? "POST"
      : "GET"
    : rng.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "TRACE"]);
  const headers: Record<string, string> = {};
  const conv = rng.pick(f.conversations);
  const auth = rng.pick([
    () => undefined,
    () => `Bearer ${conv.token}`,
    () => `Bearer ${conv.token}`,
    () => `Bearer ${conv.token}`,
    () => `Bearer ${ATTACK_SECRET}`,
    () => `Bearer ${f.forgedToken}`,
    () => `Bearer ${f.noExpToken}`,
    () => "Bearer",
    () => "Bearer " + "x".repeat(rng.pick([10, 5000])),
    () => "Basic dXNlcjpwYXNz",
    () => `bearer   ${conv.token}   `,
    () => `Bearer ${conv.token}.${conv.token}`,
  ])();
  if (auth !== undefined) headers.authorization = auth;
  if (rng.chance(0.3)) headers.origin = rng.pick(["http://evil.example", "null", `http://127.0.0.1:${f.target.port}`, "%ZZ", "http://[::1"]);
  if (rng.chance(0.1)) headers.host = rng.pick(["evil.example", "127.0.0.1:1", "[::1]", "localhost:99999", "a".repeat(300)]);
  if (rng.chance(0.1)) headers["x-forwarded-for"] = rng.pick(["1.2.3.4", "garbage, ,", "::ffff:1.2.3.4, 10.0.0.1", "x".repeat(1000)]);
  if (rng.chance(0.1)) headers.range = rng.pick(["bytes=999999999-", "bytes=5-1", "bytes=0-0,0-0,0-0,0-0", "items=1-2", "bytes=--"]);
  if (rng.chance(0.05)) headers["if-none-match"] = "*";
  if (rng.chance(0.05)) headers["accept-encoding"] = "br;q=1, gzip;q=0, *;q=0";

  let body: Buffer | undefined;
  if (method !== "GET" && method !== "HEAD" && (rng.chance(0.85) || method === "POST")) {
    const isMessages = p.startsWith("/api/messages");
    let json: unknown = isMessages ? channelActivity(rng, f) : rng.chance(0.3) ? { user: { id: "dl_fz", name: "n" }, locale: "en" } : activityBody(rng, f);
    let text: string | Buffer = JSON.stringify(json);
    const shape = rng.int(12);
    if (shape === 0) text = text.slice(0, rng.int(text.length)); // truncated JSON
    if (shape === 1) text = rng.bytes(rng.int(2000));
    if (shape === 2) text = "[".repeat(5000) + "]".repeat(5000);
    if (shape === 3) text = JSON.stringify({ type: "event", value: "a".repeat(rng.pick([60_000, 300_000])) });
    if (shape === 4) text = "";
    if (shape === 5) text = "null";
    if (shape === 6) text = '"just a string"';
    if (shape === 7) text = "\ufeff" + text;
    json = undefined;
    body = Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8");
    headers["content-type"] = rng.pick([
      "application/json",
      "application/json",
      "application/json; charset=utf-8",
      "application/json; charset=utf-16",
      "application/json; charset=bogus",
      "application/vnd.microsoft.activity+json",
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
      "",
    ]);
    const encoding = rng.pick(["", "", "", "gzip", "deflate", "br", "gzip-garbage", "br-garbage", "identity", "compress", "gzip, gzip", "bomb"]);
    if (encoding === "gzip") body = zlib.gzipSync(body);
    if (encoding === "deflate") body = zlib.deflateSync(body);
    if (encoding === "br") body = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    if (encoding === "bomb") body = GZIP_BOMB;
    if (encoding) headers["content-encoding"] = encoding.replace("-garbage", "").replace("bomb", "gzip");
    // Well-formed framing here (Node's client sends a GET/DELETE/OPTIONS/TRACE body with no length
    // at all, which is malformed HTTP): broken framing is the raw phase's job.
    if (rng.chance(0.2)) headers["transfer-encoding"] = "chunked";
    else headers["content-length"] = String(body.length);
  }
  return { method, path: p, headers, ...(body ? { body } : {}) };
}

/** Raw HTTP the client library would refuse to send: broken request lines, headers, framing. */
function rawRequest(rng: Rng, f: Fixtures): string | Buffer {
  const conv = rng.pick(f.conversations);
  return rng.pick<() => string | Buffer>([
    () => `GET /v3/directline/conversations/${conv.conversationId}/activities HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${conv.token}\r\n\r\n`,
    () => "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0000b\r\n\r\n",
    () => "GET /%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    () => "GARBAGE\r\n\r\n",
    () => rng.bytes(rng.int(3000)),
    () => `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(40_000)}\r\n\r\n`,
    () => "POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    () => "POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}",
    () => "POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
    () => "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    () => "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    () => `POST /v3/directline/conversations/${conv.conversationId}/activities HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${conv.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{`,
    () => "GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(3000) + "\r\n",
  ])();
}

/**
 * Sends one request; returns its status (0 when the server closed without an answer). A request
 * that failed on a reused keep-alive socket the server had just closed (after answering a request
 * whose body it did not read) is sent again once on a fresh socket — Node's documented
 * `reusedSocket` race, a client-side artefact; a second failure counts as no answer.
 */
async function send(port: number, agent: http.Agent, r: Req): Promise<number> {
  const first = await sendOnce(port, agent, r);
  if (first !== "retry") return first;
  const second = await sendOnce(port, false, r);
  return second === "retry" ? 0 : second;
}

function sendOnce(port: number, agent: http.Agent | false, r: Req): Promise<number | "retry"> {
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: "127.0.0.1", port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(res.statusCode ?? 0));
      });
    } catch {
      resolve(-1); // the client refused to build it (e.g. an invalid header): not sent
      return;
    }
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (req.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE")) {
        resolve("retry");
        return;
      }
      if (process.env.FUZZ_DEBUG) console.log("no answer:", agent === false ? "retry" : "first", req.reusedSocket, e.code, r.method, r.path.slice(0, 80), JSON.stringify(r.headers).slice(0, 160), r.body?.length);
      resolve(0);
    });
    if (r.body) req.write(r.body);
    req.end();
  });
}

function sendRaw(port: number, data: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let got = "";
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on("connect", () => socket.end(data));
    socket.on("data", (c: Buffer) => {
      got += c.toString("latin1");
      if (got.length > 64) socket.destroy();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(got.slice(0, got.indexOf("\r\n") >= 0 ? got.indexOf("\r\n") : got.length)));
  });
}

async function hostileSocket(rng: Rng, f: Fixtures): Promise<string> {
  const conv = rng.pick(f.conversations);
  const kind = rng.int(4);
  if (kind === 0) {
    // A bad path or token: the upgrade must be answered with a 4xx status line.
    const p = rng.pick([
      `/v3/directline/conversations/${conversationSegment(rng, f)}/stream?t=${rng.pick([conv.token, f.forgedToken, f.noExpToken, "%", ""])}`,
      `/v3/directline/conversations/${conv.conversationId}/stream`,
      "/v3/directline/conversations/%ZZ/stream",
      "/v3/directline/",
      "/anything",
    ]);
    return sendRaw(
      f.target.port,
      `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: ${rng.pick(["13", "8", "x"])}\r\nSec-WebSocket-Key: ${rng.pick(["dGhlIHNhbXBsZSBub25jZQ==", "short", ""])}\r\n\r\n`,
    );
  }
  // A valid stream, then hostile frames.
  const url = `ws://127.0.0.1:${f.target.port}/v3/directline/conversations/${conv.conversationId}/stream?t=${encodeURIComponent(conv.token)}&watermark=${rng.pick(["-", "0", "%ZZ", "zzz"])}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const done = (what: string) => {
      ws.terminate();
      resolve(what);
    };
    const timer = setTimeout(() => done("timeout"), 5_000);
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      resolve(`HTTP/1.1 ${res.statusCode}`);
      ws.terminate();
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
    ws.on("open", () => {
      const socket = (ws as unknown as { _socket: net.Socket })._socket;
      if (kind === 1) socket.write(rng.bytes(rng.int(200) + 2)); // not a frame
      if (kind === 2) ws.send(rng.chance(0.5) ? rng.bytes(rng.int(2000)) : "x".repeat(rng.pick([10, 70_000])));
      if (kind === 3) ws.close(rng.pick([1000, 1001, 4000, 3999]), "x".repeat(rng.int(100)));
      setTimeout(() => done("sent"), 50);
    });
  });
}

async function pool<T>(items: number, concurrency: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(items);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) {
        const i = next++;
        out[i] = await run(i);
      }
    }),
  );
  return out;
}

describe(`Fuzz: hostile requests against every route (seed ${SEED}; replay with FUZZ_SEED)`, function () {
  this.timeout(240_000);
  let fixtures: Fixtures;
  let log: ReturnType<typeof recordingLogger>;

  before(async () => {
    log = recordingLogger();
    const target = await startTarget(
      {
        CHANNEL_SEND_TIMEOUT_MS: "200",
        // The limiter code runs on every request, but does not stop the fuzz from reaching the handlers.
        RATE_LIMIT_TOKENS_PER_MINUTE: "1000000",
        RATE_LIMIT_POSTS_PER_MINUTE: "1000000",
        RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "1000000",
        RATE_LIMIT_SOCKETS_PER_MINUTE: "1000000",
        RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: "1000000",
        MAX_SOCKETS_PER_CONVERSATION: "100",
      },
      log,
    );
    const connector = await startConnectorStandIn();
    const conversations = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${target.url}/v3/directline/conversations`, { method: "POST", headers: { authorization: `Bearer ${ATTACK_SECRET}` } });
      conversations.push((await res.json()) as { conversationId: string; token: string });
    }
    // A token signed with the right key but without `exp`, and one signed with another key.
    const key = new Uint8Array(hkdfSync("sha256", ATTACK_SECRET, "xieshang", "directline-token-v1", 32));
    const claims = { conv: conversations[0]!.conversationId, user: "dl_fz" };
    const noExpToken = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer("xieshang-directline").setAudience("xieshang-directline").setIssuedAt().sign(key);
    const forgedToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("xieshang-directline")
      .setAudience("xieshang-directline")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new Uint8Array(32));
    fixtures = { target, connector, conversations, forgedToken, noExpToken };
  });

  after(async () => {
    await fixtures?.target.close();
    await fixtures?.connector.close();
  });

  it("when 10,000 varied hostile HTTP requests, raw malformed requests and WebSocket upgrades/frames arrive, then none gets a 5xx, no server fault is logged, and the server still serves", async () => {
    const rng = prng(SEED);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const requests = Array.from({ length: HTTP_REQUESTS }, () => request(rng, fixtures));
    const raws = Array.from({ length: RAW_REQUESTS }, () => rawRequest(rng, fixtures));

    const t0 = Date.now();
    const statuses = await pool(requests.length, CONCURRENCY, async (i) => {
      const s = await send(fixtures.target.port, agent, requests[i]!);
      if (s === 0 && process.env.FUZZ_DEBUG) console.log("index", i, Date.now());
      return s;
    });
    const t1 = Date.now();
    const rawLines = await pool(raws.length, 8, (i) => sendRaw(fixtures.target.port, raws[i]!));
    const t2 = Date.now();
    const socketLines = await pool(WEBSOCKETS, 8, () => hostileSocket(rng, fixtures));
    const t3 = Date.now();
    agent.destroy();

    const sent = statuses.filter((s) => s !== -1);
    const fiveXx = statuses.map((s, i) => ({ s, r: requests[i]! })).filter((x) => x.s >= 500);
    const histogram: Record<string, number> = {};
    for (const s of sent) histogram[s] = (histogram[s] ?? 0) + 1;
    console.log(`      fuzz seed ${SEED}: ${sent.length} HTTP requests sent (statuses ${JSON.stringify(histogram)}), ${raws.length} raw, ${WEBSOCKETS} WebSocket; ${t1 - t0} + ${t2 - t1} + ${t3 - t2} ms`);

    expect(sent.length, "requests actually sent").to.be.at.least(HTTP_REQUESTS * 0.95);
    // Only a request whose head is larger than the server reads (16 KB: 431) may see its connection
    // cut before it reads the answer (the server stops reading while the client still writes).
    const unanswered = statuses
      .map((s, i) => ({ s, r: requests[i]! }))
      .filter((x) => x.s === 0 && headSize(x.r) <= 16 * 1024)
      .map((x) => `${x.r.method} ${x.r.path.slice(0, 100)} ${JSON.stringify(x.r.headers).slice(0, 200)} body ${x.r.body?.length ?? 0}`);
    expect(unanswered, "HTTP requests left without an answer").to.deep.equal([]);
    expect(
      fiveXx.slice(0, 5).map((x) => `${x.s} ${x.r.method} ${x.r.path.slice(0, 120)} ${JSON.stringify(x.r.headers).slice(0, 200)}`),
      "5xx answers",
    ).to.deep.equal([]);
    expect(rawLines.filter((l) => /^HTTP\/1\.[01] 5/.test(l)), "raw requests answered 5xx").to.deep.equal([]);
    expect(socketLines.filter((l) => /^HTTP\/1\.[01] 5/.test(l) || l === "timeout"), "WebSocket upgrades answered 5xx or left hanging").to.deep.equal([]);
    expect(sent.filter((s) => s < 400).length, "some requests were valid and served").to.be.greaterThan(500);
    expect(log.lines.filter((l) => /"level":"error"/.test(l)).slice(0, 3), "server faults logged").to.deep.equal([]);

    const health = await fetch(`${fixtures.target.url}/healthz`);
    expect(health.status).to.equal(200);
    const c = fixtures.conversations[1]!;
    const still = await fetch(`${fixtures.target.url}/v3/directline/conversations/${c.conversationId}/activities`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "你好" }),
    });
    expect(still.status).to.equal(200);
  });
});
