/**
 * Attacks a real `xieshang serve` process (loopback only) and reports what it answered:
 *   npx tsx scripts/attack-http.ts
 * Not part of the suite (the suite has test/security/*): this is the end-to-end check of a whole
 * process — it must still be alive at the end, and its memory must stay bounded.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import zlib from "node:zlib";
import { WebSocket } from "ws";

const SECRET = "attack-script-direct-line-secret-0123456789abcdef";
const report: Array<[string, string]> = [];
const note = (what: string, result: string) => {
  report.push([what, result]);
  console.log(`${what.padEnd(78)} ${result}`);
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function upgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () =>
      s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`),
    );
    let got = "";
    s.on("data", (c: Buffer) => {
      got += c.toString("latin1");
      if (got.includes("\r\n")) {
        resolve(got.slice(0, got.indexOf("\r\n")));
        s.destroy();
      }
    });
    s.on("error", () => resolve("error"));
    s.on("close", () => resolve(got ? got.slice(0, got.indexOf("\r\n")) : "closed without answer"));
  });
}

async function main(): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DIRECT_LINE_SECRET: SECRET, LOG_LEVEL: "warn", REDIS_URL: "", OPENAI_API_KEY: "", CHANNEL_SEND_TIMEOUT_MS: "1000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited: number | null = null;
  child.on("exit", (code) => (exited = code ?? -1));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if ((await raw(port, "GET", "/healthz")) === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const nodePid = child.pid!;
  const start = async () => {
    const r = await fetch(`${base}/v3/directline/conversations`, { method: "POST", headers: { authorization: `Bearer ${SECRET}` } });
    return (await r.json()) as { conversationId: string; token: string; streamUrl: string };
  };
  const c = await start();

  note("WS upgrade /v3/directline/conversations/%ZZ/stream", await upgrade(port, "/v3/directline/conversations/%ZZ/stream"));
  note("WS upgrade with a forged token", await upgrade(port, `/v3/directline/conversations/${c.conversationId}/stream?t=eyJhbGciOiJIUzI1NiJ9.e30.x`));
  const deep = "[".repeat(5000) + "]".repeat(5000);
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    raw(port, "POST", `/v3/directline/conversations/${c.conversationId}/activities`, { authorization: `Bearer ${c.token}`, "content-type": "application/json", ...headers }, body);
  note("JSON nested 5,000 deep", String(await post(`{"type":"message","value":${deep}}`)));
  note("bad % escape in a REST path", String(await raw(port, "GET", "/v3/directline/conversations/%ZZ/activities", { authorization: `Bearer ${c.token}` })));
  for (const enc of ["gzip", "deflate", "br"]) note(`body claims ${enc}, is not`, String(await post("garbage", { "content-encoding": enc })));
  note("gzip bomb (4 MiB inflated)", String(await post(zlib.gzipSync(Buffer.alloc(4 << 20, 32)), { "content-encoding": "gzip" })));
  note("impossible Range on webchat.js", String(await raw(port, "GET", "/webchat/webchat.js", { range: "bytes=999999999-" })));
  const bf = (body: unknown) => raw(port, "POST", "/api/messages", { "content-type": "application/json" }, JSON.stringify(body));
  note("100 KB conversation id on /api/messages", String(await bf({ type: "message", channelId: "x", serviceUrl: "http://127.0.0.1:9/", conversation: { id: "a".repeat(100_000) }, from: { id: "u" }, text: "hi" })));
  let t = Date.now();
  const unreachable = await bf({ type: "message", channelId: "x", serviceUrl: "http://127.0.0.1:9/", conversation: { id: "c1" }, from: { id: "u" }, text: "hi" });
  note("unreachable serviceUrl (CHANNEL_SEND_TIMEOUT_MS=1000)", `${unreachable} after ${Date.now() - t} ms`);
  note("/api/messages into a Direct Line conversation", String(await bf({ type: "message", channelId: "directline", serviceUrl: "http://127.0.0.1:9/", conversation: { id: c.conversationId }, from: { id: "u", role: "bot" }, text: "fake" })));
  note("Direct Line post with from.role bot, from.name xieshang", String(await post(JSON.stringify({ type: "message", text: "x", from: { id: "a", role: "bot", name: "xieshang" } }))));
  note("text of 4,001 characters", String(await post(JSON.stringify({ type: "message", text: "长".repeat(4001) }))));
  note("POST /conversations with Host: evil.example", String(await raw(port, "POST", "/v3/directline/conversations", { authorization: `Bearer ${SECRET}`, host: "evil.example" })));
  note("/api/widget/token without Origin", String(await raw(port, "POST", "/api/widget/token")));
  note("/api/widget/token from https://evil.example", String(await raw(port, "POST", "/api/widget/token", { origin: "https://evil.example" })));
  const mint: number[] = [];
  for (let i = 0; i < 40; i++) mint.push(await raw(port, "POST", "/api/widget/token", { origin: base }));
  note("40 widget tokens from one address in a burst", `${mint.filter((s) => s === 200).length}×200, ${mint.filter((s) => s === 429).length}×429`);
  const flood: number[] = [];
  const c2 = await start();
  for (let i = 0; i < 80; i++) flood.push(await raw(port, "POST", `/v3/directline/conversations/${c2.conversationId}/activities`, { authorization: `Bearer ${c2.token}`, "content-type": "application/json" }, '{"type":"event","name":"x"}'));
  note("80 posts with one token in a burst", `${flood.filter((s) => s === 200).length}×200, ${flood.filter((s) => s === 429).length}×429`);
  let token = c2.token;
  const refresh: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await fetch(`${base}/v3/directline/tokens/refresh`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    refresh.push(r.status);
    const b = (await r.json()) as { token?: string };
    if (b.token) token = b.token;
  }
  note("40 refreshes of one token in a burst", `${refresh.filter((s) => s === 200).length}×200, ${refresh.filter((s) => s === 429).length}×429`);
  const sockets: string[] = [];
  const open: WebSocket[] = [];
  const c3 = await start();
  for (let i = 0; i < 10; i++) {
    sockets.push(
      await new Promise<string>((resolve) => {
        const ws = new WebSocket(c3.streamUrl);
        ws.on("open", () => {
          open.push(ws);
          resolve("open");
        });
        ws.on("unexpected-response", (_q, res) => resolve(String(res.statusCode)));
        ws.on("error", () => resolve("error"));
      }),
    );
  }
  note("10 WebSockets on one conversation", sockets.join(","));
  for (const ws of open) ws.close();

  // Non-reading sockets on a big transcript: 1,500 posts of ~12 KB with the secret (not rate-limited).
  const c4 = await start();
  const big = JSON.stringify({ type: "event", name: "x", value: "长".repeat(4000) });
  for (let i = 0; i < 1500; i++) {
    await raw(port, "POST", `/v3/directline/conversations/${c4.conversationId}/activities`, { authorization: `Bearer ${SECRET}`, "content-type": "application/json" }, big.replace('"name"', `"from":{"id":"u"},"name"`));
  }
  const before = rssMb(nodePid);
  const stalled: net.Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const s = net.connect(port, "127.0.0.1", () => {
      const u = new URL(c4.streamUrl);
      s.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
      s.pause();
    });
    s.on("error", () => {});
    stalled.push(s);
  }
  let peak = before;
  for (let i = 0; i < 60; i++) {
    peak = Math.max(peak, rssMb(nodePid));
    await new Promise((r) => setTimeout(r, 250));
  }
  note("4 non-reading sockets on a ~18 MB transcript: server RSS", `${before.toFixed(0)} MB → peak ${peak.toFixed(0)} MB`);
  for (const s of stalled) s.destroy();

  t = Date.now();
  note("server still alive and healthy", `${exited === null ? "alive" : `EXITED ${exited}`}, /healthz ${await raw(port, "GET", "/healthz")}`);
  child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
