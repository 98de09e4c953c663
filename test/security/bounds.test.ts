/**
 * Bounded per client (issue 7 item 4): history pages, sockets per conversation, WebSocket
 * backpressure (slow consumers dropped with 1013 and able to resume from their watermark), and
 * the server's memory with non-reading sockets on a big transcript.
 */
import { expect } from "chai";
import net from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { WebSocket } from "ws";
import { api, startConversation, startTestServer, StreamClient, type TestServer } from "../support/directline.js";
import { PAGE_BYTES } from "../../src/channels/directline/service.js";
import { SLOW_CONSUMER_CLOSE } from "../../src/channels/directline/stream.js";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Appends `count` bot messages of about `bytes` each straight into the transcript. */
async function fill(srv: TestServer, conversationId: string, count: number, bytes: number): Promise<void> {
  const filler = "长".repeat(Math.floor(bytes / 3));
  for (let i = 0; i < count; i++) {
    await srv.stores.transcripts.append(conversationId, {
      type: "message",
      id: `${conversationId}|big${i}`,
      text: `${i}:${filler}`,
      from: { id: "xieshang", role: "bot" },
      conversation: { id: conversationId },
    });
  }
}

/** A WebSocket client that completes the handshake and then never reads. */
function nonReadingSocket(port: number, path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    socket.on("error", () => {});
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n")) return;
      socket.off("data", onData);
      if (!head.startsWith("HTTP/1.1 101")) {
        reject(new Error(head.slice(0, head.indexOf("\r\n"))));
        return;
      }
      socket.pause(); // from now on nothing is read
      resolve(socket);
    };
    socket.on("data", onData);
  });
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

describe("Bounded per client", function () {
  this.timeout(120_000);
  let srv: TestServer;
  afterEach(async () => {
    await srv.close();
  });

  it("when a transcript is large, then each history page stays near PAGE_BYTES and the pages together give every activity once, in order", async () => {
    srv = await startTestServer();
    const started = await startConversation(srv.url);
    await fill(srv, started.conversationId, 300, 4000);
    const seen: string[] = [];
    let watermark = "-";
    for (let page = 0; page < 100; page++) {
      const res = await api(srv.url, `/v3/directline/conversations/${started.conversationId}/activities?watermark=${encodeURIComponent(watermark)}`, {
        auth: started.token,
      });
      expect(res.status).to.equal(200);
      const size = Buffer.byteLength(JSON.stringify(res.body.activities));
      expect(size, "page size").to.be.at.most(PAGE_BYTES + 16 * 1024);
      if (res.body.activities.length === 0) break;
      for (const a of res.body.activities) if (String(a.id).includes("|big")) seen.push(String(a.text).split(":")[0]!);
      watermark = res.body.watermark;
    }
    expect(seen).to.deep.equal(Array.from({ length: 300 }, (_, i) => String(i)));
  });

  it("when more sockets than the cap open on one conversation, then the next is refused with 429 until one closes", async () => {
    srv = await startTestServer();
    const started = await startConversation(srv.url);
    const open: StreamClient[] = [];
    for (let i = 0; i < 4; i++) open.push(await StreamClient.open(started.streamUrl));
    const refused = await StreamClient.open(started.streamUrl).then(
      () => 0,
      (e: { status?: number }) => e.status,
    );
    expect(refused).to.equal(429);
    await open.shift()!.close();
    // The server sees the close asynchronously; the fifth is accepted once it has.
    let accepted: StreamClient | undefined;
    for (let i = 0; i < 50 && !accepted; i++) {
      accepted = await StreamClient.open(started.streamUrl).catch(() => undefined);
      if (!accepted) await new Promise((r) => setTimeout(r, 50));
    }
    expect(accepted, "a socket is accepted again once one closed").to.not.equal(undefined);
    for (const s of [...open, accepted!]) await s.close();
  });

  it("when a client stops reading, then it is dropped (1013) once it has read nothing for a while, and reconnecting with its last watermark gives the rest exactly once", async () => {
    srv = await startTestServer({ slowConsumerMs: 500 });
    const started = await startConversation(srv.url);
    // 32 MB (2,000 entries, the most a transcript keeps): more than loopback's kernel buffers hold.
    await fill(srv, started.conversationId, 2000, 16000);
    const ws = new WebSocket(started.streamUrl);
    const ids: string[] = [];
    let watermark = "-";
    let paused = false;
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "") return;
      const frame = JSON.parse(text) as { activities: Array<{ id: string }>; watermark: string };
      for (const a of frame.activities) ids.push(a.id);
      watermark = frame.watermark;
      if (!paused) {
        paused = true;
        ws.pause(); // stop reading after the first frame
      }
    });
    ws.on("error", () => {});
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    // The server drops it (the close frame cannot be read while paused, so the socket is terminated).
    for (let i = 0; i < 600 && !srv.log.lines.some((l) => l.includes("directline.slow_consumer_dropped")); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(srv.log.lines.some((l) => l.includes("directline.slow_consumer_dropped")), "the slow consumer was dropped").to.equal(true);
    ws.resume();
    const code = await closed;
    expect([SLOW_CONSUMER_CLOSE, 1006]).to.include(code);

    // Reconnect as DirectLineJS does: GET /conversations/{id}?watermark=<last received>.
    const again = await api(srv.url, `/v3/directline/conversations/${started.conversationId}?watermark=${encodeURIComponent(watermark)}`, {
      auth: started.token,
    });
    expect(again.status).to.equal(200);
    const resumed = await StreamClient.open(again.body.streamUrl);
    await resumed.until((all) => all.some((a) => a.id === `${started.conversationId}|big1999`));
    await resumed.close();
    const all = [...ids, ...resumed.activities.map((a) => String(a.id))].filter((id) => id.includes("|big"));
    expect(all).to.deep.equal(Array.from({ length: 2000 }, (_, i) => `${started.conversationId}|big${i}`));
  });

  it("when 4 sockets that never read open on a conversation with a 40 MB transcript, then the server's heap+external memory grows by less than 40 MB and they are dropped", async () => {
    srv = await startTestServer({ slowConsumerMs: 500 });
    const started = await startConversation(srv.url);
    await fill(srv, started.conversationId, 2000, 20000);
    const port = Number(new URL(srv.url).port);
    const path = new URL(started.streamUrl).pathname + new URL(started.streamUrl).search;
    gc();
    const before = memory();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memory());
    }, 10);
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 4; i++) sockets.push(await nonReadingSocket(port, path));
    // Until every socket was dropped by the server (or a generous bound of time passed).
    for (let i = 0; i < 400; i++) {
      if (srv.log.lines.filter((l) => l.includes("directline.slow_consumer_dropped")).length >= 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(sampler);
    peak = Math.max(peak, memory());
    for (const s of sockets) s.destroy();
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(`      peak heap+external growth with 4 non-reading sockets on a 40 MB transcript: ${growthMb.toFixed(1)} MB`);
    expect(srv.log.lines.filter((l) => l.includes("directline.slow_consumer_dropped")).length, "sockets dropped").to.equal(4);
    expect(growthMb).to.be.below(40);
  });
});
