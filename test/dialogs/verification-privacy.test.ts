/**
 * POLICY.md §6 (per-account lockout) and §8 (verification answers never stored), through the real
 * bot and the transcript middleware, on shared in-memory stores.
 */
import { expect } from "chai";
import { t } from "../../src/i18n/catalog.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";
import { VerificationSecrets } from "../../src/accounts/index.js";
import { startConversation, talk, type Conversation } from "../support/conversation.js";
import { occurrences } from "../support/verificationAnswers.js";

async function atAccountQuestion(stores: Stores, locale: "en" | "zh-CN" = "en"): Promise<Conversation> {
  const c = await startConversation({ stores, locale });
  await c.join();
  await c.say(t(locale, "disclosure.continue"));
  return c;
}

/** Everything the stores hold for a conversation, as text: transcript and conversation state. */
async function storedText(c: Conversation): Promise<string> {
  const transcript = await c.stores.transcripts.read(c.conversationId);
  const stateKey = `${c.adapter.conversation.channelId}/conversations/${c.conversationId}/`;
  const state = await c.stores.storage.read([stateKey]);
  expect(Object.keys(state), "the conversation state was found").to.deep.equal([stateKey]);
  return JSON.stringify(transcript) + JSON.stringify(state);
}

describe("verification answers are never stored (POLICY §8)", () => {
  it("when the borrower answers both verification questions, then the transcript keeps the placeholder and neither the transcript nor the state holds the digits", async () => {
    const c = await atAccountQuestion(createMemoryStores());
    await talk(c, [
      ["8801", ["verify.askId"]],
      ["1234", ["verify.ok", "hardship.askWhatHappened"]],
    ]);
    const transcript = await c.stores.transcripts.read(c.conversationId);
    const said = transcript.filter((e) => (e.activity.from as { role?: string }).role === "user" && e.activity.type === "message").map((e) => e.activity.text);
    expect(said.slice(-2), "the two answers, as stored").to.deep.equal([t("en", "verify.answerPlaceholder"), t("en", "verify.answerPlaceholder")]);
    const all = await storedText(c);
    expect(occurrences(all, "8801")).to.deep.equal([]);
    expect(occurrences(all, "1234")).to.deep.equal([]);
  });

  it("when the borrower's answer carries words around the digits, then the words are kept and the digits replaced; later amounts are kept as typed", async () => {
    const c = await atAccountQuestion(createMemoryStores(), "zh-CN");
    await c.say("卡号后四位是８８０１");
    await c.say("1234");
    await c.say("上个月公司裁员，我失业了");
    const said = (await c.stores.transcripts.read(c.conversationId))
      .filter((e) => (e.activity.from as { role?: string }).role === "user" && e.activity.type === "message")
      .map((e) => String(e.activity.text));
    const placeholder = t("zh-CN", "verify.answerPlaceholder");
    expect(said).to.include(`卡号后四位是${placeholder}`);
    expect(said.join("\n")).to.not.match(/8801|８８０１/);
    expect(said, "a message after verification is stored as typed").to.include("上个月公司裁员，我失业了");
  });

  it("when verification fails, then the answers are not stored either, and the next attempt's answers neither", async () => {
    const c = await atAccountQuestion(createMemoryStores());
    await talk(c, [
      ["8801", ["verify.askId"]],
      ["9999", ["verify.failed", "verify.askAccount"]],
      ["5502", ["verify.askId"]],
      ["2345", ["verify.ok"]],
    ]);
    const all = await storedText(c);
    for (const digits of ["8801", "9999", "5502", "2345"]) expect(occurrences(all, digits), digits).to.deep.equal([]);
  });
});

describe("per-account verification lockout (POLICY §6)", () => {
  it("when one account had 5 failed verifications in other conversations, then even its right answers are not accepted, a person is offered, and nothing says which answer was wrong", async () => {
    const stores = createMemoryStores();
    // Five wrong ID answers for account 8801, over two conversations (3 + 2: the per-conversation rule hands the first over).
    const first = await atAccountQuestion(stores);
    for (let i = 0; i < 3; i++) {
      await first.say("8801");
      await first.say(`000${i}`);
    }
    expect(await stores.handoffs.activeFor(first.conversationId), "three failures in one conversation still hand over").to.not.equal(null);
    const second = await atAccountQuestion(stores);
    await talk(second, [
      ["8801", ["verify.askId"]],
      ["0003", ["verify.failed"]],
      ["8801", ["verify.askId"]],
      ["0004", ["verify.failed"]],
    ]);

    const third = await atAccountQuestion(stores);
    await third.say("8801");
    const replies = await third.say("1234"); // the right answer
    const all = replies.map((r) => r.all).join("\n");
    expect(all).to.include(t("en", "verify.locked"));
    expect(replies.flatMap((r) => r.buttons), "a person is offered").to.include(t("en", "button.person"));
    expect(all, "not verified").to.not.include(t("en", "verify.ok", { product: t("en", "product.credit_card"), last4: "****" }));
    expect(all, "nothing says which answer was wrong").to.not.match(/ID|account number.*wrong|身份证.*不/i);

    // Another account is not affected.
    await third.say("5502");
    const other = await third.say("2345");
    expect(other.map((r) => r.all).join("\n")).to.include(t("en", "verify.ok", { product: t("en", "product.consumer_loan"), last4: "****" }));
  });

  it("when 4 failures were counted for an account, then its right answers still verify", async () => {
    const stores = createMemoryStores();
    const secrets = new VerificationSecrets(undefined);
    for (let i = 0; i < 4; i++) expect(await stores.lockout.recordFailure(secrets.claimKey("8801"))).to.equal(false);
    const c = await atAccountQuestion(stores);
    await talk(c, [
      ["8801", ["verify.askId"]],
      ["1234", ["verify.ok"]],
    ]);
  });
});
