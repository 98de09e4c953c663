import { expect } from "chai";
import { t } from "../../src/i18n/catalog.js";
import { startConversation } from "../support/conversation.js";
import { reach } from "../dialogs/paths.js";

/**
 * Held-back variants (written before the gate was changed, not tuned to it): self-harm signs in
 * both languages after a handoff must bring the crisis contacts and urgency; ordinary messages
 * must get an answer that is not the crisis text.
 */
const SELF_HARM = [
  ["zh-CN", "活着太累了，我想就这样消失"],
  ["zh-CN", "我把药都准备好了"],
  ["zh-CN", "我已经站在桥边了"],
  ["en", "I'm standing on the bridge right now"],
  ["en", "I've written letters to my kids to say goodbye"],
  ["en", "I don't want to live anymore"],
] as const;

const ORDINARY = [
  ["zh-CN", "好的谢谢"],
  ["zh-CN", "还要等多久？"],
  ["en", "when will someone reply?"],
  ["en", "ok thanks"],
] as const;

describe("held-back variants: messages after a handoff", () => {
  for (const [locale, text] of SELF_HARM) {
    it(`when the borrower (${locale}) writes "${text}" while waiting for a person, then the crisis contacts are sent again and the handoff is urgent`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askIncome");
      await c.say(locale === "zh-CN" ? "转人工" : "agent");
      const replies = await c.say(text);
      const support = locale === "zh-CN" ? c.config.CRISIS_SUPPORT_ZH : c.config.CRISIS_SUPPORT_EN;
      expect(replies.map((r) => r.text).join("\n")).to.include(t(locale, "handoff.crisis", { support }));
      expect((await c.stores.handoffs.activeFor(c.conversationId))?.priority).to.equal("urgent");
    });
  }
  for (const [locale, text] of ORDINARY) {
    it(`when the borrower (${locale}) writes "${text}" while waiting, then it is answered honestly and no crisis text is sent`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "hardship.askIncome");
      await c.say(locale === "zh-CN" ? "转人工" : "agent");
      const replies = await c.say(text);
      expect(replies).to.have.length(1);
      expect(replies[0]?.text.length).to.be.greaterThan(0);
      expect(replies[0]?.text).not.to.include(locale === "zh-CN" ? c.config.CRISIS_SUPPORT_ZH : c.config.CRISIS_SUPPORT_EN);
      expect((await c.stores.handoffs.activeFor(c.conversationId))?.priority).not.to.equal("urgent");
    });
  }
});
