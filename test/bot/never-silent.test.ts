import { expect } from "chai";
import { agentTopic } from "../../src/bot/index.js";
import { t } from "../../src/i18n/catalog.js";
import type { DeskEvent } from "../../src/handoff/events.js";
import { startConversation, type Conversation } from "../support/conversation.js";
import { reach } from "../dialogs/paths.js";

/** Issue 6 item 3 / POLICY.md §6 "never silent": after a handoff every borrower message gets an honest answer. */

async function handedOver(locale: "zh-CN" | "en", env: Record<string, string> = {}, ask = locale === "zh-CN" ? "转人工" : "agent"): Promise<Conversation> {
  const c = await startConversation({ locale, env });
  await reach(c, "hardship.askIncome");
  await c.say(ask);
  expect(await c.stores.handoffs.activeFor(c.conversationId), "a handoff is open").not.to.equal(null);
  return c;
}

async function deskEvents(c: Conversation): Promise<DeskEvent[]> {
  return (await c.stores.desk.readEvents(undefined, 1000)).map((e) => JSON.parse(e.json) as DeskEvent);
}

describe("never silent after a handoff (POLICY.md §6)", () => {
  it("when an agent is connected and the borrower writes, then they hear their place in the queue once, then short acknowledgements naming it", async () => {
    const c = await handedOver("en");
    await c.stores.desk.markPresent("demo-agent", 60 * 60_000 * 24 * 365 * 10);
    expect((await c.say("hello?")).map((r) => r.text)).to.deep.equal([t("en", "handoff.status.waiting", { position: 1 })]);
    expect((await c.say("when will someone reply?")).map((r) => r.text)).to.deep.equal([t("en", "handoff.ack.waiting", { position: 1 })]);
  });

  it("when the handoff is claimed, then the borrower is told once that a person is reading, then acknowledgements", async () => {
    const c = await handedOver("zh-CN");
    await c.say("在吗");
    const request = (await c.stores.handoffs.activeFor(c.conversationId))!;
    const { HandoffService } = await import("../../src/handoff/service.js");
    await new HandoffService({ stores: c.stores }).claim(request.id, { id: "a1", displayName: "小王" });
    expect((await c.say("你好")).map((r) => r.text)).to.deep.equal([t("zh-CN", "handoff.status.claimed")]);
    expect((await c.say("我等着")).map((r) => r.text)).to.deep.equal([t("zh-CN", "handoff.ack.claimed")]);
  });

  it("when it is outside AGENT_HOURS, then the borrower is told when agents are back and may ask for a callback, which the queue shows", async () => {
    // The test clock is 18:00 in Asia/Shanghai.
    const c = await handedOver("en", { AGENT_HOURS: "09:00-17:00" });
    const [status] = await c.say("is anyone there?");
    expect(status?.text).to.equal(t("en", "handoff.status.afterHours", { hours: "09:00–17:00", backAt: "09:00", position: 1 }));
    expect((await c.say("please call me back")).map((r) => r.text)).to.deep.equal([t("en", "handoff.callback.noted", { backAt: "09:00" })]);
    expect((await c.stores.handoffs.activeFor(c.conversationId))?.callbackRequested).to.equal(true);
    expect((await deskEvents(c)).some((e) => e.kind === "handoff" && e.change === "callback")).to.equal(true);
  });

  it("when nobody can answer (the desk is off on a public host), then the borrower is told so and how to reach the bank, even if an agent id is marked present", async () => {
    const c = await handedOver("zh-CN", { HOST: "0.0.0.0", ALLOW_ANONYMOUS_DEV: "true" });
    await c.stores.desk.markPresent("someone", 60_000 * 60 * 24 * 365 * 10);
    const [reply] = await c.say("有人吗");
    expect(reply?.text).to.equal(t("zh-CN", "handoff.status.nobody", { position: 1, contact: c.config.BANK_CONTACT_ZH }));
  });

  it("when HANDOFF_HUB is external, then the borrower is told the contact centre has it", async () => {
    const c = await handedOver("en", { HANDOFF_HUB: "external" });
    expect((await c.say("hi")).map((r) => r.text)).to.deep.equal([t("en", "handoff.status.external")]);
  });

  it("when the borrower writes, then the desk's stream gets the borrower's line and the bot's answer as lines of that handoff", async () => {
    const c = await handedOver("en");
    await c.say("my income is 6000 now");
    const lines = (await deskEvents(c)).filter((e): e is Extract<DeskEvent, { kind: "line" }> => e.kind === "line");
    expect(lines.map((e) => e.line.from)).to.deep.equal(["borrower", "bot"]);
    expect(lines[0]?.line.text).to.equal("my income is 6000 now");
    expect(lines[1]?.line.text).to.equal(t("en", "handoff.status.nobody", { position: 1, contact: c.config.BANK_CONTACT_EN }));
  });
});

describe("a sign of self-harm while waiting for or with a person", () => {
  const cases = [
    { locale: "zh-CN", text: "我现在就在楼顶" },
    { locale: "en", text: "I want to end my life" },
  ] as const;
  for (const { locale, text } of cases) {
    it(`when the borrower (${locale}) writes "${text}" after a handoff, then the crisis contacts come again at once and the handoff is raised to urgent, waking the desk`, async () => {
      const c = await handedOver(locale);
      await c.say(locale === "zh-CN" ? "在吗" : "hello");
      const woken: string[] = [];
      await c.stores.notifier.subscribe(agentTopic(c.conversationId), (m) => woken.push(m));
      const support = locale === "zh-CN" ? c.config.CRISIS_SUPPORT_ZH : c.config.CRISIS_SUPPORT_EN;
      const replies = await c.say(text);
      expect(replies[0]?.text).to.include(t(locale, "handoff.crisis", { support }));
      expect(replies[0]?.text).to.include(t(locale, "handoff.urgent"));
      const request = await c.stores.handoffs.activeFor(c.conversationId);
      expect(request?.priority).to.equal("urgent");
      expect(request?.urgentReason).to.equal("self_harm_signal");
      await new Promise((r) => setImmediate(r));
      expect(woken.map((m) => JSON.parse(m).type)).to.include("urgent");
      const events = await deskEvents(c);
      expect(events.some((e) => e.kind === "handoff" && e.change === "urgent" && e.handoff.priority === "urgent")).to.equal(true);
    });
  }

  it('when, after a self-harm handoff, the borrower writes "没用的，谁也帮不了我", then the answer is honest (nobody connected yet, how to reach the bank) and repeats the crisis contacts', async () => {
    const c = await handedOver("zh-CN", {}, "我不想活了");
    expect((await c.stores.handoffs.activeFor(c.conversationId))?.reason).to.equal("self_harm_risk");
    const [reply] = await c.say("没用的，谁也帮不了我");
    expect(reply?.text).to.include(t("zh-CN", "handoff.status.nobody", { position: 1, contact: c.config.BANK_CONTACT_ZH }));
    expect(reply?.text).to.include(c.config.CRISIS_SUPPORT_ZH);
    const [again] = await c.say("我现在就在楼顶");
    expect(again?.text).to.include(t("zh-CN", "handoff.crisis", { support: c.config.CRISIS_SUPPORT_ZH }));
    expect((await c.stores.handoffs.activeFor(c.conversationId))?.priority).to.equal("urgent");
  });
});
