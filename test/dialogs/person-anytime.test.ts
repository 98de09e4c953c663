import { expect } from "chai";
import { t } from "../../src/i18n/catalog.js";
import { expectReplies, startConversation } from "../support/conversation.js";
import { CARD_STEPS, reach } from "./paths.js";

/** The ways a borrower asks for a person, in both languages (keywords and the button). */
const ASKS = {
  "zh-CN": ["转人工", "人工", "真人", "我要找客服", "给我转人工吧"],
  en: ["Talk to a person", "agent", "human", "I want to talk to a person please", "can I speak to a human?"],
} as const;

describe("asking for a person at any step", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    CARD_STEPS.forEach((step, i) => {
      const ask = ASKS[locale][i % ASKS[locale].length]!;
      it(`when the borrower (${locale}) says ${JSON.stringify(ask)} while the bot asks ${step.asks}, then a person is asked for at once`, async () => {
        const c = await startConversation({ locale });
        await reach(c, step.asks);
        expectReplies(c.history.slice(-3), locale, [step.asks]);
        const replies = await c.say(ask);
        expectReplies(replies, locale, ["handoff.queue.general"]);
        const request = await c.stores.handoffs.activeFor(c.conversationId);
        expect(request?.reason).to.equal("borrower_request");
        expect(request?.queue).to.equal("general");
        expect(request?.priority).to.equal("normal");
        expect(request?.locale).to.equal(locale);
        // The transcript so far travels with the request.
        expect(request?.transcript.some((l) => l.from === "borrower" && l.text === ask)).to.equal(true);
        expect(request?.transcript.some((l) => l.from === "bot")).to.equal(true);
        // Nothing else is asked in the same turn.
        expect(replies.map((r) => r.text).join()).not.to.include(t(locale, step.asks === "hardship.askIncome" ? "hardship.askExpenses" : "hardship.askIncome"));
      });
    });
  }

  it("when the borrower presses the person button on the disclosure by its number, then a person is asked for", async () => {
    const c = await startConversation({ locale: "en" });
    await c.join();
    expectReplies(await c.say("2"), "en", ["handoff.queue.general"]);
    expect((await c.stores.handoffs.activeFor(c.conversationId))?.reason).to.equal("borrower_request");
  });

  it("when the very first message asks for a person, then the bot hands over without greeting first", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    const replies = await c.say("人工");
    expectReplies(replies, "zh-CN", ["handoff.queue.general", { not: "disclosure.text" }]);
  });

  it("when a person is asked for after the facts were given, then the facts so far travel with the request", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askAffordable");
    await c.say("agent");
    const request = await c.stores.handoffs.activeFor(c.conversationId);
    expect(request?.accountId).to.equal("demo-card-8801");
    expect(request?.facts).to.include({ reason: "medical", expectedDuration: "3_to_12_months", monthlyIncomeMinor: 600000, essentialExpensesMinor: 400000 });
  });
});
