import { expect } from "chai";
import { loadConfig, type Config } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { composeBot } from "../../src/compose.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { channelActivity, startConnectorStandIn, type ConnectorStandIn } from "../support/connectorStandIn.js";

async function start(env: Record<string, string>): Promise<{ server: RunningServer; config: Config }> {
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", ...env });
  const stores = createMemoryStores();
  const parts = await composeBot(config, silentLogger, stores);
  const server = await startServer({
    config,
    log: silentLogger,
    stores,
    bot: parts.bot,
    channelMiddleware: [parts.transcript],
  });
  return { server, config };
}

async function post(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("Bot Framework channel (/api/messages)", () => {
  let connector: ConnectorStandIn;
  beforeEach(async () => {
    connector = await startConnectorStandIn();
  });
  afterEach(async () => {
    await connector.close();
  });

  describe("when no app id is configured and the server listens on loopback", () => {
    let server: RunningServer;
    beforeEach(async () => {
      ({ server } = await start({}));
    });
    afterEach(async () => {
      await server.close();
    });

    it("when a channel posts a borrower's message, then the bot's replies reach the connector for that conversation", async () => {
      const res = await post(server, channelActivity(connector));

      expect(res.status).to.equal(200);
      await connector.waitFor(1);
      const reply = connector.received[0]!;
      expect(reply.path).to.match(/^\/v3\/conversations\/tg-conv-1\/activities/);
      expect(reply.activity.type).to.equal("message");
      expect(reply.activity.text ?? reply.activity.attachments).to.not.equal(undefined);
    });

    it("when the borrower writes in Chinese, then the replies come in Chinese", async () => {
      await post(server, channelActivity(connector, { locale: "zh-CN", text: "你好" }));

      await connector.waitFor(1);
      const texts = connector.received.map((r) => String(r.activity.text ?? "")).join("\n");
      expect(texts).to.match(/[\u4e00-\u9fff]/);
    });

    it("when the channel sends no locale, then the replies come in the default locale, Chinese", async () => {
      await post(server, channelActivity(connector, { locale: undefined, text: "hello" }));

      await connector.waitFor(1);
      expect(String(connector.received[0]!.activity.text ?? "")).to.match(/[\u4e00-\u9fff]/);
    });

    it("when an activity has no serviceUrl, then the answer is 400 naming the field and the server keeps serving", async () => {
      const bad = channelActivity(connector);
      delete (bad as Record<string, unknown>).serviceUrl;

      const res = await post(server, bad);
      const body = await res.text();
      const again = await post(server, channelActivity(connector));

      expect(res.status).to.equal(400);
      expect(body).to.contain("serviceUrl");
      expect(again.status).to.equal(200);
    });

    it("when the body is not JSON, then the answer is 400, not 500", async () => {
      const res = await post(server, "{not json");

      expect(res.status).to.equal(400);
    });

    it("when the activity has no type, then the answer is 400 naming type", async () => {
      const bad = channelActivity(connector);
      delete (bad as Record<string, unknown>).type;

      const res = await post(server, bad);

      expect(res.status).to.equal(400);
      expect(await res.text()).to.contain("type");
    });
  });

  describe("when DEFAULT_LOCALE is en", () => {
    it("then a conversation without a locale is answered in English", async () => {
      const { server } = await start({ DEFAULT_LOCALE: "en" });
      try {
        await post(server, channelActivity(connector, { locale: undefined, text: "hello" }));
        await connector.waitFor(1);

        expect(String(connector.received[0]!.activity.text ?? "")).to.not.match(/[\u4e00-\u9fff]/);
        expect(String(connector.received[0]!.activity.text ?? "")).to.match(/[a-z]{3,}/);
      } finally {
        await server.close();
      }
    });
  });

  describe("when an app id is configured", () => {
    let server: RunningServer;
    beforeEach(async () => {
      ({ server } = await start({
        MicrosoftAppId: "00000000-0000-0000-0000-000000000001",
        MicrosoftAppPassword: "not-a-real-password",
      }));
    });
    afterEach(async () => {
      await server.close();
    });

    it("when a request carries no Authorization header, then it is refused with 401 and nothing is sent", async () => {
      const res = await post(server, channelActivity(connector));

      expect(res.status).to.equal(401);
      expect(connector.received).to.have.length(0);
    });
  });

  describe("when no app id is configured and the server would listen beyond loopback", () => {
    it("then it refuses to start and says why", async () => {
      const attempt = start({ HOST: "0.0.0.0" });

      const err = await attempt.then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).to.contain("MicrosoftAppId").and.to.contain("ALLOW_ANONYMOUS_DEV");
    });

    it("then the explicit development switch lets it start", async () => {
      const { server } = await start({ HOST: "0.0.0.0", ALLOW_ANONYMOUS_DEV: "true" });

      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      await server.close();

      expect(res.status).to.equal(200);
    });
  });
});
