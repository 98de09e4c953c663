import { expect } from "chai";
import { type Activity, ActivityTypes, TestAdapter } from "botbuilder";
import { loadAccountDirectory } from "../../src/accounts/index.js";
import { agentTopic, createBot, transcriptMiddleware } from "../../src/bot/index.js";
import { loadConfig } from "../../src/config.js";
import { t } from "../../src/i18n/catalog.js";
import { formatMoney } from "../../src/i18n/money.js";
import { loadPolicy } from "../../src/rules/index.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { OfflineClassifier } from "../../src/understanding/index.js";
import { expectReplies, patternOf, startConversation } from "../support/conversation.js";
import { reach } from "../dialogs/paths.js";

describe("the bot's gate after a handoff", () => {
  it("when a person has been asked for, then the bot stops negotiating: every message is answered (status once, then short acknowledgements) and the agent is woken each time", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    const woken: string[] = [];
    await c.stores.notifier.subscribe(agentTopic(c.conversationId), (m) => woken.push(m));
    await reach(c, "hardship.askIncome");
    await c.say("转人工");
    expect(woken.map((m) => JSON.parse(m).type)).to.deep.equal(["handoff"]);
    const first = await c.say("6000");
    expect(first.map((r) => r.text)).to.deep.equal([t("zh-CN", "handoff.status.nobody", { position: 1, contact: c.config.BANK_CONTACT_ZH })]);
    for (const text of ["4000", "1500", "是", "正确", "选择方案 1", "重新开始", "hello"]) {
      expect((await c.say(text)).map((r) => r.text), `after ${text}`).to.deep.equal([t("zh-CN", "handoff.ack.nobody", { contact: c.config.BANK_CONTACT_ZH })]);
    }
    expect(woken.filter((m) => JSON.parse(m).type === "borrower_message")).to.have.length(8);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.have.length(0);
    // The borrower's messages are still recorded for the agent.
    const transcript = await c.stores.transcripts.read(c.conversationId);
    expect(transcript.some((e) => e.activity["text"] === "hello")).to.equal(true);
  });

  it("when the handoff is closed by the team, then the bot answers again", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askIncome");
    await c.say("agent");
    const request = await c.stores.handoffs.activeFor(c.conversationId);
    await c.stores.handoffs.setStatus(request!.id, "closed");
    expect((await c.say("6000")).length).to.be.greaterThan(0);
  });
});

describe("identity before account details", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`when the borrower (${locale}) never verifies, then no reply ever shows a balance, an offer or an agreement`, async () => {
      const c = await startConversation({ locale });
      await c.join();
      const attempts = [t(locale, "disclosure.continue"), "8801", "0000", "I lost my job, can I have a plan?", "6000", "1500", "8801", "4321", "5502", "1234"];
      for (const text of attempts) await c.say(text);
      const everything = c.history.map((r) => r.all).join("\n");
      const balances = [4800000, 6000000, 15000000, 2600000, 9000000].map((m) => formatMoney(m, locale));
      for (const balance of balances) expect(everything).not.to.include(balance);
      for (const key of ["verify.ok", "summary.title", "offers.intro", "terms.intro", "agreement.agreed"]) {
        expect(patternOf(locale, key).test(everything), key).to.equal(false);
      }
      expect((await c.stores.handoffs.activeFor(c.conversationId))?.reason).to.equal("identity_unverified");
    });
  }

  it("when the account digits match but the ID digits do not, then the borrower is told it does not match and may try again", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "verify.askAccount");
    await c.say("8801");
    expectReplies(await c.say("4321"), "en", [{ key: "verify.failed", params: { left: 2 } }, "verify.askAccount"]);
  });
});

describe("greeting", () => {
  it("when a borrower joins, then the bot greets and discloses once (not for the bot joining itself)", async () => {
    const c = await startConversation({ locale: "en" });
    const replies = await c.join();
    expectReplies(replies, "en", ["greeting.hello", "disclosure.text"]);
    expect(replies[1]?.buttons).to.deep.equal([t("en", "disclosure.continue"), t("en", "button.person")]);
  });

  it("when a first message arrives without a greeting, then the bot greets and discloses before anything else", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    expectReplies(await c.say("你好"), "zh-CN", ["greeting.hello", "disclosure.text"]);
  });

  it("when the activity locale is not Chinese, then the bot speaks English", async () => {
    const c = await startConversation({ locale: "en" });
    expect((await c.join())[0]?.text).to.equal(t("en", "greeting.hello"));
  });
});

describe("transcript, references and state", () => {
  it("when a turn runs, then every inbound and outgoing activity is in the transcript and the conversation reference is saved", async () => {
    const c = await startConversation({ locale: "en" });
    await c.join();
    await c.say(t("en", "disclosure.continue"));
    const entries = await c.stores.transcripts.read(c.conversationId);
    const messages = entries.map((e) => e.activity as { type?: string; text?: string; from?: { role?: string } }).filter((a) => a.type === "message");
    expect(messages.map((a) => a.from?.role)).to.deep.equal(["bot", "bot", "user", "bot", "bot"]);
    expect(await c.stores.references.get(c.conversationId)).to.have.nested.property("conversation.id", c.conversationId);
  });

  it("when two bot instances share the stores, then the conversation continues on the other instance without losing state", async () => {
    const stores = createMemoryStores();
    const config = loadConfig({});
    const deps = { stores, classifier: new OfflineClassifier(), policy: loadPolicy(), accounts: loadAccountDirectory(), config };
    const bots = [createBot(deps), createBot(deps)];
    const reference = TestAdapter.createConversation("two-instances");
    const adapter = new TestAdapter(reference, { locale: "en-US" });
    adapter.use(transcriptMiddleware(stores));
    await adapter.processActivity({ type: ActivityTypes.ConversationUpdate, membersAdded: [reference.user] } as Activity, (ctx) => bots[1]!.run(ctx));
    const says = [t("en", "disclosure.continue"), "8801", "1234"];
    let last: string[] = [];
    for (const [i, text] of says.entries()) {
      await adapter.processActivity({ type: ActivityTypes.Message, text } as Activity, (ctx) => bots[i % 2]!.run(ctx));
      last = adapter.activeQueue.splice(0).map((a) => a.text ?? "");
    }
    expect(last.join("\n")).to.match(patternOf("en", "hardship.askWhatHappened"));
  });

  it("when turns follow each other, then the conversation reference is saved when it changes (first turn, another user or serviceUrl), not on every turn", async () => {
    const stores = createMemoryStores();
    const saved: Array<Record<string, unknown>> = [];
    const save = stores.references.save.bind(stores.references);
    stores.references.save = async (id, reference) => {
      saved.push(reference);
      await save(id, reference);
    };
    const bot = createBot({ stores, classifier: new OfflineClassifier(), policy: loadPolicy(), accounts: loadAccountDirectory(), config: loadConfig({}) });
    const reference = TestAdapter.createConversation("reference-saves");
    const adapter = new TestAdapter(reference, { locale: "en-US" });
    const turn = (activity: Partial<Activity>) => adapter.processActivity(activity as Activity, (ctx) => bot.run(ctx));
    await turn({ type: ActivityTypes.ConversationUpdate, membersAdded: [reference.user!] });
    expect(saved).to.have.length(1);
    await turn({ type: ActivityTypes.Message, text: t("en", "disclosure.continue") });
    await turn({ type: ActivityTypes.Message, text: "8801" });
    expect(saved, "unchanged reference: not saved again").to.have.length(1);
    const other = { id: "same-borrower-other-device", name: "B", role: "user" };
    await turn({ type: ActivityTypes.Message, text: "1234", from: other });
    expect(saved).to.have.length(2);
    expect(saved[1]).to.have.nested.property("user.id", other.id);
    await turn({ type: ActivityTypes.Message, text: "hello", from: other, serviceUrl: "https://elsewhere.test/" });
    expect(saved).to.have.length(3);
    expect((await stores.references.get(reference.conversation.id))?.serviceUrl).to.equal("https://elsewhere.test/");
    await turn({ type: ActivityTypes.Message, text: "hello again", from: other, serviceUrl: "https://elsewhere.test/" });
    expect(saved).to.have.length(3);
  });

  it("when the logs are inspected, then the bot wrote nothing about the borrower (no console output during a conversation)", async () => {
    const written: unknown[] = [];
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    Object.assign(console, { log: (...a: unknown[]) => written.push(a), info: (...a: unknown[]) => written.push(a), warn: (...a: unknown[]) => written.push(a), error: (...a: unknown[]) => written.push(a) });
    try {
      const c = await startConversation({ locale: "zh-CN" });
      await reach(c, "terms.ask");
      await c.say(t("zh-CN", "terms.confirm"));
    } finally {
      Object.assign(console, original);
    }
    expect(written).to.deep.equal([]);
  });
});
