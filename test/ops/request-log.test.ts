import { expect } from "chai";
import { createLogger } from "../../src/log.js";
import { TEST_SECRET } from "../support/instance.js";
import { DirectLineConversation } from "../support/directlineClient.js";
import { startWith, type OpsInstance } from "./support.js";

describe("Request logs (pino-http)", function () {
  this.timeout(60_000);
  let instance: OpsInstance | undefined;
  afterEach(async () => {
    await instance?.close();
    instance = undefined;
  });

  it("when requests carry personal data in bodies and tokens in query strings, then each is logged as method, path, status and time only", async () => {
    const lines: string[] = [];
    instance = await startWith({}, createLogger("info", (line) => lines.push(line)));
    const { url } = instance.server;
    const conversation = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });
    const secretText = "我的身份证是11010519491231002X，手机13812345678";
    const post = await conversation.postActivity(conversation.message(secretText, { locale: "zh-CN" }));
    expect(post.status).to.equal(200);
    const query = await fetch(`${url}/v3/directline/conversations/${conversation.conversationId}/activities?watermark=0&t=query-token-abcdef123456`, {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    await query.arrayBuffer();
    await (await fetch(`${url}/healthz`)).arrayBuffer();

    const requests = lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.event === "http.request"); // eslint-disable-line @typescript-eslint/no-explicit-any
    const all = lines.join("");
    expect(requests.map((r) => `${r.req.method} ${r.req.path} ${r.res.status}`)).to.include.members([
      `POST /v3/directline/conversations/${conversation.conversationId}/activities 200`,
      `GET /v3/directline/conversations/${conversation.conversationId}/activities 200`,
    ]);
    for (const r of requests) {
      expect(Object.keys(r.req).sort()).to.deep.equal(["id", "method", "path"]);
      expect(r.responseTime).to.be.a("number");
    }
    expect(all, "no body").to.not.contain("身份证");
    expect(all, "no ID number").to.not.contain("11010519491231002X");
    expect(all, "no phone").to.not.contain("13812345678");
    expect(all, "no query string or token").to.not.match(/query-token|watermark=|\?t=/);
    expect(all, "no bearer token").to.not.contain(conversation.token);
    expect(requests.some((r) => r.req.path === "/healthz"), "probes are not logged").to.equal(false);
  });
});
