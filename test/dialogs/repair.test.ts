import { expect } from "chai";
import { t } from "../../src/i18n/catalog.js";
import { formatMoney } from "../../src/i18n/money.js";
import { expectReplies, startConversation } from "../support/conversation.js";
import { CARD_STEPS, reach } from "./paths.js";

const WORDS = {
  cancel: { "zh-CN": ["取消", "算了", "退出"], en: ["cancel", "never mind", "quit"] },
  help: { "zh-CN": ["帮助"], en: ["help"] },
  restart: { "zh-CN": ["重新开始"], en: ["start over"] },
} as const;

describe("cancel, help and start over", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    for (const word of WORDS.cancel[locale]) {
      it(`when the borrower (${locale}) says ${JSON.stringify(word)} mid-intake, then the bot stops without agreeing anything and starts afresh on the next message`, async () => {
        const c = await startConversation({ locale });
        await reach(c, "hardship.askIncome");
        expectReplies(await c.say(word), locale, ["cancel.done", { not: "hardship.askIncome" }]);
        expect(await c.stores.agreements.listByConversation(c.conversationId)).to.have.length(0);
        expect(await c.stores.handoffs.activeFor(c.conversationId)).to.equal(null);
        expectReplies(await c.say("hello"), locale, ["greeting.hello", "disclosure.text"]);
      });
    }

    it(`when the borrower (${locale}) asks for help at an amount question, then help is shown and the same question is asked again`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askExpenses");
      expectReplies(await c.say(WORDS.help[locale][0]), locale, ["help.text", "hardship.askExpenses"]);
      expectReplies(await c.say("4000"), locale, ["hardship.askAffordable"]);
    });

    it(`when the borrower (${locale}) asks for help at a choice, then help is shown and the buttons come back`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askDuration");
      const replies = await c.say(WORDS.help[locale][0]);
      expectReplies(replies, locale, ["help.text", "hardship.askDuration"]);
      expect(replies.flatMap((r) => r.buttons)).to.include(t(locale, "duration.unknown"));
    });

    it(`when the borrower (${locale}) says start over after verifying, then the questions begin again without asking for identity again`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askAffordable");
      expectReplies(await c.say(WORDS.restart[locale][0]), locale, ["restart.done", "hardship.askWhatHappened", { not: "verify.askAccount" }]);
    });

    it(`when the borrower (${locale}) says start over before verifying, then the flow restarts at verification`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "verify.askId");
      expectReplies(await c.say(WORDS.restart[locale][0]), locale, ["restart.done", "verify.askAccount"]);
    });
  }

  it("when the borrower corrects a fact on the summary, then only that question is asked again and the summary shows the new value", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "summary.ask");
    expectReplies(await c.say(t("en", "summary.correct")), "en", ["summary.pickField"]);
    expectReplies(await c.say(t("en", "field.affordable")), "en", ["hardship.askAffordable"]);
    expectReplies(await c.say("1200"), "en", ["summary.title", { text: formatMoney(120000, "en") }, "summary.ask"]);
  });

  it("when the borrower goes back from the terms, then the options are shown again and nothing is stored", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    await reach(c, "terms.ask");
    expectReplies(await c.say(t("zh-CN", "terms.back")), "zh-CN", ["offers.pick", "offers.choose"]);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.have.length(0);
  });
});

describe("repair, not loops", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`when two answers in a row cannot be used (${locale}), then a person is offered with a button; after the third, the conversation is handed over`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askExpenses");
      expectReplies(await c.say("blah"), locale, ["hardship.askExpensesRetry", { not: "repair.offerPerson" }]);
      const second = await c.say("I'm not sure");
      expectReplies(second, locale, ["repair.offerPerson", "hardship.askExpensesRetry"]);
      expect(second.flatMap((r) => r.buttons)).to.include(t(locale, "button.person"));
      expectReplies(await c.say("qwerty"), locale, ["handoff.queue.general"]);
      const request = await c.stores.handoffs.activeFor(c.conversationId);
      expect(request?.reason).to.equal("conversation_breakdown");
      expect(request?.queue).to.equal("general");
    });
  }

  it("when a usable answer comes between two unusable ones, then the count starts again", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askIncome");
    await c.say("blah");
    await c.say("6000");
    await c.say("blah");
    expectReplies(await c.say("4000"), "en", ["hardship.askAffordable"]);
    expect(await c.stores.handoffs.activeFor(c.conversationId)).to.equal(null);
  });

  it("when a button question gets an unusable answer twice, then the person button is offered alongside the original buttons", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    await reach(c, "hardship.askDuration");
    await c.say("嗯嗯嗯");
    const second = await c.say("随便");
    const buttons = second.flatMap((r) => r.buttons);
    expect(buttons).to.include.members([t("zh-CN", "duration.unknown"), t("zh-CN", "button.person")]);
  });
});

describe("bad amounts", () => {
  const BAD = ["lots", "-500", "一言难尽", "3.555"];
  for (const locale of ["zh-CN", "en"] as const) {
    for (const step of ["hardship.askIncome", "hardship.askExpenses", "hardship.askAffordable"] as const) {
      it(`when the borrower (${locale}) gives an amount the bot cannot use at ${step}, then it asks again with an example`, async () => {
        const c = await startConversation({ locale });
        await reach(c, step);
        const replies = await c.say(BAD[CARD_STEPS.findIndex((s) => s.asks === step) % BAD.length]!);
        expectReplies(replies, locale, [`${step}Retry`]);
        expect(replies.map((r) => r.text).join()).to.match(/\d/); // the example
      });
    }
  }
});
