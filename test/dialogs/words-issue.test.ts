/**
 * Issue 6's own examples, each as a conversation with the real bot (the held-back variants are in
 * words-heldback.test.ts; the same examples over Direct Line are in test/channels/directline/words.test.ts).
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { Locale } from "../../src/domain/classification.js";
import { CATALOG_FILES, t } from "../../src/i18n/catalog.js";
import { type Conversation, expectReplies, startConversation } from "../support/conversation.js";
import { answerAll, reach } from "./paths.js";

async function at(locale: Locale, step: string): Promise<Conversation> {
  const c = await startConversation({ locale });
  await reach(c, step);
  return c;
}

async function openHandoff(c: Conversation) {
  const [handoff] = await c.stores.handoffs.listOpen();
  return handoff;
}

describe("issue 6: consent only from a clear yes", () => {
  for (const [locale, says] of [
    ["zh-CN", "我再考虑一下"],
    ["zh-CN", "能不能每个月少还一点"],
    ["en", "I don't agree"],
    ["en", "I can't confirm"],
    ["en", "Do I have to agree now?"],
  ] as Array<[Locale, string]>) {
    it(`when the borrower says ${JSON.stringify(says)} at the terms, then no agreement is stored and the bot answers it`, async () => {
      const c = await at(locale, "terms.ask");
      const replies = await c.say(says);
      expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
      expectReplies(replies, locale, [{ not: "agreement.agreed" }]);
      if (says === "Do I have to agree now?") expectReplies(replies, locale, ["faq.no_rush"]);
      else expect(replies.flatMap((r) => r.buttons), "a person is offered").to.include(t(locale, "button.person"));
    });
  }

  it("when the borrower types 'Choose option 1' at the terms of option 2, then option 1's terms are shown and nothing is agreed", async () => {
    const c = await at("en", "terms.ask");
    expectReplies(await c.say("Choose option 1"), "en", ["terms.payment_deferral", "terms.ask"]);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
  });

  it("when the borrower clicks the older '选择方案 1' button at the terms of option 2, then the older button does nothing: the bot says so, asks about the current terms again, and nothing is agreed", async () => {
    const c = await at("zh-CN", "terms.ask");
    const replies = await c.press("选择方案 1");
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
    expectReplies(replies, "zh-CN", [{ not: "agreement.agreed" }, "button.stale", "terms.ask"]);
  });
});

describe("issue 6: every signal heard", () => {
  it("when the borrower says '我想把一切都结束掉' at the income question, then the crisis contacts come first and the welfare team is asked, urgently", async () => {
    const c = await at("zh-CN", "hardship.askIncome");
    expectReplies(await c.say("我想把一切都结束掉"), "zh-CN", ["handoff.crisis", { not: "hardship.askIncomeRetry" }]);
    const handoff = await openHandoff(c);
    expect([handoff?.queue, handoff?.priority]).to.deep.equal(["welfare", "urgent"]);
  });

  for (const [locale, says] of [
    ["zh-CN", "5000，不过你们收的罚息算错了"],
    ["en", "5000 but your fees are wrong"],
  ] as Array<[Locale, string]>) {
    it(`when the borrower says ${JSON.stringify(says)} at the income question, then the dispute is heard and the income is not stored`, async () => {
      const c = await at(locale, "hardship.askIncome");
      await c.say(says);
      const handoff = await openHandoff(c);
      expect(handoff?.reason).to.equal("dispute");
      expect(handoff?.facts["monthlyIncomeMinor"]).to.equal(undefined);
      expect(handoff?.trace.find((e) => e.outcome === "fired")?.ruleId).to.equal("ESC_DISPUTE");
    });
  }

  it("when the borrower says 'No, this debt is not mine' at 'willing to repay', then it is not a plain No: the dispute is confirmed first", async () => {
    const c = await at("en", "hardship.askWilling");
    expectReplies(await c.say("No, this debt is not mine"), "en", ["signal.confirm.dispute"]);
    expect(await openHandoff(c)).to.equal(undefined);
    await c.say(t("en", "button.yes"));
    expect((await openHandoff(c))?.reason).to.equal("dispute");
  });

  for (const [step, says, wants] of [
    ["hardship.askExpenses", "房租2000，吃饭1500，其他500", "hardship.askAffordable"],
    ["hardship.askIncome", "5000到6000吧，不固定", "hardship.askExpenses"],
    ["hardship.askExpenses", "收入写错了，应该是5000", "hardship.askExpenses"],
    ["hardship.askWilling", "1500", "hardship.askWilling"],
  ] as const) {
    it(`when the borrower says ${JSON.stringify(says)} at ${step}, then it is not routed to disputes`, async () => {
      const c = await at("zh-CN", step);
      expectReplies(await c.say(says), "zh-CN", [wants]);
      expect(await openHandoff(c)).to.equal(undefined);
    });
  }

  it("when itemised costs are given, then their sum is stored: 房租2000，吃饭1500，其他500 → 4000", async () => {
    const c = await at("zh-CN", "hardship.askExpenses");
    expectReplies(await c.say("房租2000，吃饭1500，其他500"), "zh-CN", [{ key: "amount.sum", params: { field: t("zh-CN", "field.expenses"), amount: "4,000.00 元" } }]);
    await c.say("1500");
    const summary = (await c.say(t("zh-CN", "button.yes"))).map((r) => r.text).join("\n");
    expect(summary).to.include("必要开支：4,000.00 元");
  });

  it("when the borrower answers a dispute check with '不是，我没有争议啊', then the flow goes on with the message they had sent", async () => {
    const c = await at("zh-CN", "hardship.askWilling");
    expectReplies(await c.say("这钱不是我的吧"), "zh-CN", ["signal.confirm.dispute"]);
    expectReplies(await c.say("不是，我没有争议啊"), "zh-CN", ["signal.notRouted"]);
    expect(await openHandoff(c)).to.equal(undefined);
  });

  for (const [locale, says, reason, rule] of [
    ["en", "My husband, the account holder, passed away last month", "deceased_borrower", "ESC_DECEASED"],
    ["zh-CN", "我父亲去世了，这是他的信用卡", "deceased_borrower", "ESC_DECEASED"],
    ["en", "I have filed for bankruptcy", "legal_or_insolvency", "ESC_LEGAL"],
    ["zh-CN", "我已经委托律师处理这笔债务", "legal_or_insolvency", "ESC_LEGAL"],
    ["zh-CN", "你们客服态度太差了，我要投诉", "complaint", "ESC_COMPLAINT"],
    ["en", "your collection agent keeps harassing me", "complaint", "ESC_COMPLAINT"],
    ["zh-CN", "这笔钱不是我借的，我要转人工", "fraud_claim", "ESC_FRAUD"],
  ] as Array<[Locale, string, string, string]>) {
    it(`when the borrower says ${JSON.stringify(says)}, then it goes as ${reason} with ${rule} fired in the handoff's trace`, async () => {
      const c = await at(locale, "hardship.askWhatHappened");
      const replies = await c.say(says);
      const handoff = await openHandoff(c);
      expect(handoff?.reason).to.equal(reason);
      expect(handoff?.trace.find((e) => e.outcome === "fired")?.ruleId).to.equal(rule);
      if (reason === "fraud_claim") expect(handoff?.priority).to.equal("high");
      if (reason === "deceased_borrower") expectReplies(replies, locale, ["signal.condolences"]);
    });
  }

  it("when a relative passes verification and says the account holder died, then no arrangement is negotiated", async () => {
    const c = await startConversation({ locale: "en" });
    await answerAll(c, [t("en", "disclosure.continue"), "8801", "1234", "My husband, the account holder, passed away last month"]);
    expect((await openHandoff(c))?.queue).to.equal("specialist");
    await c.say("so what now?");
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
  });

  it("when the borrower says '我得了癌症，抑郁症也犯了', then it is acknowledged, a specialist offered, and a note is kept only with consent", async () => {
    const c = await at("zh-CN", "hardship.askWhatHappened");
    expectReplies(await c.say("我得了癌症，抑郁症也犯了"), "zh-CN", ["health.acknowledge"]);
    expectReplies(await c.say(t("zh-CN", "health.keepNote")), "zh-CN", ["health.noted"]);
    // … and the note is on the agreement at the end.
    for (const answer of [t("zh-CN", "button.yes"), t("zh-CN", "duration.over_12_months"), "12000", "6000", "3000", t("zh-CN", "button.yes"), t("zh-CN", "summary.confirm")]) {
      await c.say(answer);
    }
    await c.say("方案1");
    await c.say("同意");
    const [agreement] = await c.stores.agreements.listByConversation(c.conversationId);
    expect(agreement?.vulnerabilityNote).to.equal("serious_illness,mental_health");
  });
});

describe("issue 6: corrections kept", () => {
  for (const [locale, says, amount] of [
    ["zh-CN", "等一下，我的收入其实是5000", "5,000.00 元"],
    ["en", "right, except my income is actually 4500", "¥4,500.00"],
  ] as Array<[Locale, string, string]>) {
    it(`when the borrower says ${JSON.stringify(says)} at the summary, then income changes and the summary is shown again (no offers on the old income)`, async () => {
      const c = await at(locale, "summary.ask");
      const replies = await c.say(says);
      expectReplies(replies, locale, ["correction.noted", "summary.title", { not: "offers.intro" }]);
      expect(replies.map((r) => r.text).join("\n")).to.include(amount);
    });
  }

  it("when the borrower says 'that's not correct' at the summary, then it is never taken as correct", async () => {
    const c = await at("en", "summary.ask");
    expectReplies(await c.say("that's not correct"), "en", ["summary.pickField", { not: "offers.intro" }]);
  });

  it("when the borrower says 'wait, my income is actually 4500' at the expenses question, then income becomes 4500 and expenses are still asked", async () => {
    const c = await at("en", "hardship.askExpenses");
    expectReplies(await c.say("wait, my income is actually 4500"), "en", ["correction.noted", "hardship.askExpenses"]);
    await c.say("4000");
    await c.say("1000");
    const summary = (await c.say(t("en", "button.yes"))).map((r) => r.text).join("\n");
    expect(summary).to.include("Monthly income: ¥4,500.00");
    expect(summary).to.include("Essential expenses: ¥4,000.00");
  });
});

describe("issue 6: only true promises, honest status, one arrangement per account", () => {
  it("when the catalogs are read, then no sentence promises what no code does", () => {
    for (const file of Object.values(CATALOG_FILES)) {
      const text = readFileSync(file, "utf8");
      for (const promise of [/Collection activity on your account stops now/, /written confirmation/, /Nothing about your account will be chased/, /won't ask you to pay the amount in question/, /书面确认/, /不会就您的账户进行任何催收/, /不会要求您偿还有争议/, /资产管理团队/]) {
        expect(text, `${file} ${promise}`).not.to.match(promise);
      }
    }
  });

  it("when an account already has an arrangement, then a new negotiation is told so and goes to a person", async () => {
    const c = await at("en", "terms.ask");
    await c.say("yes");
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.have.length(1);
    const shared = await startConversationSharing(c);
    await answerAll(shared, [t("en", "disclosure.continue"), "8801", "1234"]);
    expectReplies(shared.history, "en", ["arrangement.active"]);
    expect(await shared.stores.agreements.listByConversation(shared.conversationId)).to.deep.equal([]);
    expect((await openHandoff(shared))?.reason).to.equal("existing_arrangement");
  });

  it("when a conversation-raised handoff is stored, then its trace is not empty", async () => {
    const c = await at("en", "hardship.askIncome");
    await c.say("I want to talk to a human");
    expect((await openHandoff(c))?.trace.length).to.be.greaterThan(0);
  });

  it("when the borrower says thank you after agreeing, then they are answered with their reference, not greeted anew", async () => {
    const c = await at("zh-CN", "terms.ask");
    await c.say("同意");
    const [agreement] = await c.stores.agreements.listByConversation(c.conversationId);
    const replies = await c.say("谢谢");
    expectReplies(replies, "zh-CN", [{ key: "agreement.thanks", params: { id: agreement!.id } }, { not: "disclosure.text" }]);
  });
});

/** A second conversation on the same stores (another visit by the same borrower). */
async function startConversationSharing(first: Conversation): Promise<Conversation> {
  return startConversation({ locale: first.locale, stores: first.stores });
}
