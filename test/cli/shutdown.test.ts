/**
 * `xieshang serve` and SIGTERM, as an orchestrator stops a pod: the process stops accepting,
 * lets the turn in flight finish, closes the borrower's WebSocket with 1012 (service restart:
 * reconnect elsewhere) and exits 0. A turn is held in flight by an LLM stand-in that answers
 * only when the test says so.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { DirectLineConversation } from "../support/directlineClient.js";
import { TEST_SECRET } from "../support/instance.js";
import { CARD_BORROWER_ZH } from "../multi-instance/borrower.js";
import { NegotiationSession } from "../multi-instance/session.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("xieshang serve: graceful shutdown on SIGTERM", function () {
  this.timeout(90_000);
  let llm: http.Server;
  let hold = false;
  const held: http.ServerResponse[] = [];
  let onHeld: () => void = () => {};
  let child: ChildProcess | undefined;

  before(async () => {
    llm = http.createServer((req, res) => {
      req.resume();
      if (hold) {
        held.push(res);
        onHeld();
        return;
      }
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "stand-in" } }));
    });
    await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
  });

  after(async () => {
    child?.kill("SIGKILL");
    llm.closeAllConnections();
    await new Promise((resolve) => llm.close(resolve));
  });

  it("when SIGTERM arrives mid-turn, then new requests are refused, the turn finishes, the stream closes with 1012 and the process exits 0", async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_URL|PORT|HOST|OPENAI_|METRICS_)/.test(k)));
    const port = (llm.address() as AddressInfo).port;
    child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve"], {
      cwd: ROOT,
      env: {
        ...clean,
        PORT: "0",
        LOG_LEVEL: "info",
        DIRECT_LINE_SECRET: TEST_SECRET,
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OPENAI_TIMEOUT_MS: "20000",
        SHUTDOWN_GRACE_MS: "20000",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/listening on (http:\/\/\S+)\//.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`serve did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /listening on (http:\/\/\S+?)\/ /.exec(stdout)![1]!;

    const conversation = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });
    const stream = await conversation.openStream();
    const session = new NegotiationSession(conversation, stream, CARD_BORROWER_ZH);
    await session.begin();
    await session.runUntil("hardship.askWhatHappened");

    // The borrower's story goes to the LLM stand-in, which holds it: the turn is in flight.
    hold = true;
    const gotIt = new Promise<void>((resolve) => (onHeld = resolve));
    const posting = conversation.postActivity(conversation.message(CARD_BORROWER_ZH.story, { locale: "zh-CN" }));
    await gotIt;

    child.kill("SIGTERM");
    // New requests are refused: a new connection finds nobody listening, a kept-alive one gets 503.
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      const status = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => "refused" as const,
      );
      refused = status === 503 || status === "refused";
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused, "new requests refused once SIGTERM arrived").to.equal(true);
    expect(stream.closed, "the stream stays open while the turn runs").to.equal(false);

    // The LLM answers (500 → offline fallback); the turn completes and its POST is answered.
    hold = false;
    for (const res of held.splice(0)) res.writeHead(500, { "content-type": "application/json" }).end("{}");
    const post = await posting;
    expect(post.status, `the turn in flight finished: ${post.body}`).to.equal(200);

    const code = await exited;
    expect(code, stderr).to.equal(0);
    await stream.waitUntil(() => stream.closed, 10_000, "the stream to close").catch(() => {});
    expect(stream.closed).to.equal(true);
    expect(stream.closeCode, "service restart: reconnect").to.equal(1012);
    const events = stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).to.include.members(["server.shutdown", "server.closed"]);
    expect(events).to.not.include("server.shutdown_turns_cut");
  });
});
