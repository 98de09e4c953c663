import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { agreementConversation, handoffConversation } from "../support/scripted.js";
import { DirectLineConversation } from "../support/directlineClient.js";
import { TEST_SECRET } from "../support/instance.js";
import { useRedisServer } from "../support/redis.js";
import { PRIORITIES, QUEUES } from "../../src/domain/decision.js";
import { samples, startWith, total, type OpsInstance } from "./support.js";

const TOKEN = "metrics-token-0123456789abcdef";

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), type: res.headers.get("content-type") ?? "" };
}

describe("Metrics, liveness and readiness (prom-client, one registry per instance)", function () {
  this.timeout(120_000);
  let instance: OpsInstance | undefined;

  afterEach(async () => {
    await instance?.close();
    instance = undefined;
  });

  it("when a borrower agrees and another asks for a person, then /metrics on its own port counts the turns, their latency, the handoff by queue and priority, the agreement by offer type, the classifier source and the open sockets", async () => {
    instance = await startWith({ METRICS_PORT: "0" });
    const { url, metricsUrl } = instance.server;
    expect(metricsUrl, "a metrics URL on a port of its own").to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl!).port).to.not.equal(new URL(url).port);

    await agreementConversation(url, TEST_SECRET);
    await handoffConversation(url, TEST_SECRET);
    const watcher = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });
    const stream = await watcher.openStream();
    try {
      const { status, body, type } = await get(metricsUrl!);

      expect(status).to.equal(200);
      expect(type).to.contain("text/plain");
      const messages = total(body, "xieshang_turns_total", { type: "message", outcome: "ok" });
      expect(messages, "message turns").to.be.at.least(15);
      expect(total(body, "xieshang_turn_duration_seconds_count", { type: "message" })).to.equal(messages);
      expect(total(body, "xieshang_turn_duration_seconds_sum", { type: "message" })).to.be.greaterThan(0);
      const handoffs = samples(body).filter((x) => x.name === "xieshang_handoffs_total" && x.value > 0);
      expect(handoffs, "one handoff, counted once").to.have.length(1);
      expect(handoffs[0]!.value).to.equal(1);
      expect(QUEUES, "labelled by its queue").to.include(handoffs[0]!.labels.queue);
      expect(PRIORITIES, "and its priority").to.include(handoffs[0]!.labels.priority);
      expect(total(body, "xieshang_agreements_total", { status: "agreed" }), "the agreement, one per offer type").to.be.at.least(1);
      // The handoff comes after an agreement on the same card account: existing arrangement → specialist, normal.
      expect(handoffs[0]!.labels, "the handoff's queue and priority").to.deep.equal({ queue: "specialist", priority: "normal" });
      // The card holder's agreement: a payment deferral with a penalty waiver, one count per offer, agreed.
      const agreements = samples(body)
        .filter((x) => x.name === "xieshang_agreements_total" && x.value > 0)
        .sort((x, y) => String(x.labels.type).localeCompare(String(y.labels.type)))
        .map((x): Record<string, string | number> => ({ ...x.labels, value: x.value }));
      expect(agreements, "agreements by offer type and status").to.deep.equal([
        { type: "payment_deferral", status: "agreed", value: 1 },
        { type: "penalty_waiver", status: "agreed", value: 1 },
      ]);
      expect(total(body, "xieshang_classifications_total", { source: "offline" }), "offline classifications").to.be.greaterThan(0);
      expect(total(body, "xieshang_open_sockets"), "the open stream").to.equal(1);
      expect(total(body, "xieshang_turns_in_flight")).to.equal(0);
      expect(body, "no process metrics from other registries, no ids in labels").to.not.match(/conversationId|dl_/);
    } finally {
      await stream.close();
    }
    expect(total((await get(metricsUrl!)).body, "xieshang_open_sockets"), "the stream closed").to.equal(0);
    expect((await get(`${url}/metrics`)).status, "not on the main port without METRICS_TOKEN").to.equal(404);
    expect((await get(metricsUrl!.replace("/metrics", "/other"))).status).to.equal(404);
  });

  it("when METRICS_TOKEN is set, then /metrics on the main port answers only with that bearer token", async () => {
    instance = await startWith({ METRICS_TOKEN: TOKEN });
    const { url } = instance.server;

    expect((await get(`${url}/metrics`)).status).to.equal(401);
    expect((await get(`${url}/metrics`, { authorization: `Bearer ${TOKEN}x` })).status).to.equal(401);
    const ok = await get(`${url}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.contain("xieshang_turns_total");
  });

  it("when the instance runs in memory, then /healthz and /readyz both answer 200", async () => {
    instance = await startWith({});
    const { url } = instance.server;
    expect(await get(`${url}/healthz`)).to.deep.include({ status: 200 });
    const ready = await get(`${url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(JSON.parse(ready.body)).to.deep.equal({ status: "ready", store: "memory" });
  });

  describe("with an LLM that fails", () => {
    let llm: http.Server;
    let calls = 0;
    before(async () => {
      llm = http.createServer((req, res) => {
        calls++;
        req.resume();
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "boom" } }));
      });
      await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
    });
    after(async () => {
      llm.closeAllConnections();
      await new Promise((resolve) => llm.close(resolve));
    });

    it("when the LLM answers 500, then the fallbacks are counted by cause and the answers by source", async () => {
      const port = (llm.address() as AddressInfo).port;
      instance = await startWith({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, METRICS_TOKEN: TOKEN });
      await agreementConversation(instance.server.url, TEST_SECRET);

      const { body } = await get(`${instance.server.url}/metrics`, { authorization: `Bearer ${TOKEN}` });

      expect(calls, "the LLM was asked").to.be.greaterThan(0);
      expect(total(body, "xieshang_classifier_fallbacks_total", { cause: "http_error" })).to.equal(calls);
      expect(total(body, "xieshang_classifications_total", { source: "offline_fallback" })).to.equal(calls);
    });
  });
});

describe("Metrics and readiness with Redis", function () {
  this.timeout(60_000);
  const redis = useRedisServer({ needsOwnServer: true });
  let instance: OpsInstance | undefined;

  afterEach(async () => {
    await instance?.close();
    instance = undefined;
    await redis().start();
  });

  it("when Redis stops, then /readyz answers 503, /healthz stays 200, failed store operations are counted, and all recovers when Redis is back", async () => {
    instance = await startWith({ REDIS_URL: redis().url, METRICS_TOKEN: TOKEN });
    const { url } = instance.server;
    expect((await get(`${url}/readyz`)).status).to.equal(200);
    const conversation = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });

    await redis().stop();
    const post = await conversation.postActivity(conversation.message("你好", { locale: "zh-CN" }));

    expect(post.status).to.equal(503);
    const ready = await get(`${url}/readyz`);
    expect(ready.status).to.equal(503);
    expect(JSON.parse(ready.body)).to.deep.equal({ status: "store_unavailable", store: "redis" });
    expect((await get(`${url}/healthz`)).status).to.equal(200);
    const { body } = await get(`${url}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(total(body, "xieshang_redis_errors_total"), "failed store operations").to.be.greaterThan(0);

    await redis().start();
    const deadline = Date.now() + 20_000;
    while ((await get(`${url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error("not ready again within 20 s of Redis' return");
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
