/**
 * Held-back variants for "the borrower's words decide" (issue 6), written apart from the issue's
 * own examples: other refusals, hesitations, questions and choices at the terms; other clear
 * yeses; other signals at other steps; other corrections and natural answers. Each row is a
 * conversation with the real bot, engine, offline classifier and stores.
 */
import { expect } from "chai";
import type { ClassificationResult, Locale } from "../../src/domain/classification.js";
import { OfflineClassifier } from "../../src/understanding/index.js";
import { t } from "../../src/i18n/catalog.js";
import { type Conversation, expectReplies, startConversation } from "../support/conversation.js";
import { reach } from "./paths.js";

async function atTerms(locale: Locale): Promise<Conversation> {
  const c = await startConversation({ locale });
  await reach(c, "terms.ask");
  return c;
}

const NOT_CONSENT: Array<[Locale, string]> = [
  ["en", "not yet"], ["en", "I need to talk to my wife first"], ["en", "hmm, maybe"], ["en", "no thanks"], ["en", "I'm not sure about this"],
  ["en", "could the payment be lower?"], ["en", "is there any other option?"], ["en", "let me sleep on it"], ["en", "I disagree"], ["en", "nope"],
  ["en", "wait"], ["en", "can I do 1000 instead?"], ["en", "that's too much for me"], ["en", "I don't think so"], ["en", "I do not accept these terms"],
  ["en", "agree? no."], ["en", "yes but can I pay less"], ["en", "ok but not now"], ["en", "I agree it's expensive"], ["en", "what if I miss a payment?"],
  ["en", "I'd like to think it over"], ["en", "sounds expensive, hmm"],
  ["zh-CN", "不同意"], ["zh-CN", "我不同意这个"], ["zh-CN", "还没想好"], ["zh-CN", "让我想想"], ["zh-CN", "再等等"], ["zh-CN", "太多了，还不起"],
  ["zh-CN", "可以少一点吗"], ["zh-CN", "有没有别的方案"], ["zh-CN", "我要问问家里人"], ["zh-CN", "不行"], ["zh-CN", "不要"], ["zh-CN", "这个利息太高了"],
  ["zh-CN", "好是好，但是我怕还不上"], ["zh-CN", "同意是同意，不过能晚几天吗"], ["zh-CN", "先不签"], ["zh-CN", "我明天再决定"], ["zh-CN", "嗯……再说吧"],
  ["zh-CN", "可以每月还一千吗"], ["zh-CN", "我觉得不太合适"], ["zh-CN", "为什么是这个金额？"],
  // Found in review: a yes asked back or trailing off is a question, not consent.
  ["en", "agree?"], ["en", "ok?"], ["en", "yes?"], ["en", "Deal?"], ["en", "fine..."],
  ["zh-CN", "同意？"], ["zh-CN", "好？"], ["zh-CN", "确定？"], ["zh-CN", "好吗"], ["zh-CN", "嗯……"],
];

const CLEAR_YES: Array<[Locale, string]> = [
  ["en", "yes"], ["en", "Yes."], ["en", "I agree"], ["en", "agreed"], ["en", "OK!"], ["en", "yes, I agree"], ["en", "I accept"],
  ["zh-CN", "同意"], ["zh-CN", "我同意"], ["zh-CN", "好的"], ["zh-CN", "可以"], ["zh-CN", "是的"], ["zh-CN", "确认"], ["zh-CN", "同意。"],
];

describe("held back: consent at the terms", () => {
  for (const [locale, says] of NOT_CONSENT) {
    it(`when the borrower (${locale}) says ${JSON.stringify(says)} at the terms, then nothing is agreed and the bot answers what was said`, async () => {
      const c = await atTerms(locale);
      const replies = await c.say(says);
      expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
      expectReplies(replies, locale, [{ not: "agreement.agreed" }]);
      expect(replies.length, "the bot answers").to.be.greaterThan(0);
    });
  }

  for (const [locale, says] of CLEAR_YES) {
    it(`when the borrower (${locale}) says ${JSON.stringify(says)} at the terms, then the arrangement is agreed with those words as consent`, async () => {
      const c = await atTerms(locale);
      expectReplies(await c.say(says), locale, ["agreement.agreed"]);
      const [agreement] = await c.stores.agreements.listByConversation(c.conversationId);
      expect(agreement?.consent.words).to.equal(says);
      expect(agreement?.consent.button).to.equal(false);
    });
  }

  it("when the borrower names the other option in words at the terms, then that option's terms are shown and nothing is agreed", async () => {
    const c = await atTerms("en");
    const replies = await c.say("the first one");
    expectReplies(replies, "en", ["terms.payment_deferral", "terms.ask"]);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
  });

  it("when the borrower presses the agree button of terms shown earlier, then it does nothing; the current agree button agrees to the current option", async () => {
    const c = await atTerms("zh-CN");
    await c.say("方案一"); // the deferral's terms replace the instalment's
    const stale = await c.press(t("zh-CN", "terms.confirm"), 2);
    expectReplies(stale, "zh-CN", ["button.stale"]);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
    expectReplies(await c.press(t("zh-CN", "terms.confirm")), "zh-CN", ["agreement.agreed"]);
    const [agreement] = await c.stores.agreements.listByConversation(c.conversationId);
    expect(agreement?.offers[0]?.type).to.equal("payment_deferral");
    expect(agreement?.consent.button).to.equal(true);
  });
});

/** Answers up to (not including) the named step for the card holder, then says `says`. */
async function sayAt(locale: Locale, step: string, says: string): Promise<Conversation & { replies: Awaited<ReturnType<Conversation["say"]>> }> {
  const c = await startConversation({ locale });
  await reach(c, step);
  const replies = await c.say(says);
  return Object.assign(c, { replies });
}

const SIGNALS: Array<{ locale: Locale; step: string; says: string; queue: string; reason: string; rule: string }> = [
  { locale: "zh-CN", step: "hardship.askIncome", says: "5000，但是你们多收了我的利息", queue: "disputes", reason: "dispute", rule: "ESC_DISPUTE" },
  { locale: "en", step: "hardship.askExpenses", says: "4000, but I never opened this card, someone stole my identity", queue: "disputes", reason: "fraud_claim", rule: "ESC_FRAUD" },
  { locale: "en", step: "hardship.askDuration", says: "My mother passed away last month and this was her credit card", queue: "specialist", reason: "deceased_borrower", rule: "ESC_DECEASED" },
  { locale: "zh-CN", step: "hardship.askWhatHappened", says: "我丈夫上个月去世了，我在帮他处理这个贷款", queue: "specialist", reason: "deceased_borrower", rule: "ESC_DECEASED" },
  { locale: "en", step: "hardship.askAffordable", says: "I've hired a lawyer to deal with all my debts", queue: "specialist", reason: "legal_or_insolvency", rule: "ESC_LEGAL" },
  { locale: "zh-CN", step: "hardship.askWilling", says: "我已经向法院申请个人破产了", queue: "specialist", reason: "legal_or_insolvency", rule: "ESC_LEGAL" },
  { locale: "en", step: "hardship.askIncome", says: "your staff were really rude to me on the phone and I want to complain", queue: "complaints", reason: "complaint", rule: "ESC_COMPLAINT" },
  { locale: "zh-CN", step: "hardship.askDuration", says: "你们的催收员天天骚扰我家里人，客服也不管", queue: "complaints", reason: "complaint", rule: "ESC_COMPLAINT" },
  { locale: "en", step: "summary.ask", says: "this card was opened by a scammer, not me, put me through to an agent", queue: "disputes", reason: "fraud_claim", rule: "ESC_FRAUD" },
];

describe("held back: every message heard", () => {
  for (const s of SIGNALS) {
    it(`when the borrower (${s.locale}) says ${JSON.stringify(s.says)} at ${s.step}, then it goes to ${s.queue} (${s.reason}) with ${s.rule} fired in the trace`, async () => {
      const c = await sayAt(s.locale, s.step, s.says);
      const [handoff] = await c.stores.handoffs.listOpen();
      expect(handoff?.queue).to.equal(s.queue);
      expect(handoff?.reason).to.equal(s.reason);
      expect(handoff?.trace.find((e) => e.outcome === "fired")?.ruleId).to.equal(s.rule);
      expect(handoff?.facts["monthlyIncomeMinor"], "the signal's amount is not stored as an answer").to.satisfy((v: unknown) => v === undefined || v === 600000);
    });
  }

  it("when the borrower types a bare number at a yes/no question, then it is asked again, never routed", async () => {
    const c = await sayAt("en", "hardship.askWilling", "2000");
    expect(await c.stores.handoffs.listOpen()).to.deep.equal([]);
    expectReplies(c.replies, "en", ["hardship.askWilling"]);
  });

  it("when the borrower says they have cancer, then it is acknowledged, a specialist offered and consent asked before anything is noted", async () => {
    const c = await sayAt("en", "hardship.askWhatHappened", "I've been diagnosed with cancer and can't work");
    expectReplies(c.replies, "en", ["health.acknowledge"]);
    expect(c.replies.flatMap((r) => r.buttons)).to.include.members([t("en", "health.keepNote"), t("en", "health.noNote"), t("en", "health.specialist")]);
    expectReplies(await c.say(t("en", "health.noNote")), "en", ["health.notNoted", "hardship.confirmReason"]);
  });
});

describe("held back: corrections and natural answers", () => {
  it("when the borrower corrects expenses at the summary, then the summary is shown again with the new figure", async () => {
    const c = await sayAt("en", "summary.ask", "hold on, my expenses are actually 3500");
    expectReplies(c.replies, "en", ["correction.noted", "summary.title", "summary.ask"]);
    expect(c.replies.map((r) => r.text).join("\n")).to.include("¥3,500.00");
  });

  it("when the borrower corrects income at the affordability question, then income changes and the question is asked again", async () => {
    const c = await sayAt("zh-CN", "hardship.askAffordable", "不好意思，我的工资其实是5500");
    expectReplies(c.replies, "zh-CN", ["correction.noted", "hardship.askAffordable"]);
    await c.say("1500");
    await c.say(t("zh-CN", "button.yes"));
    const summary = c.history.at(-1)?.text ?? "";
    expect(c.history.map((r) => r.text).join("\n")).to.include("5,500.00 元");
    // The summary itself carries the corrected income (not only the acknowledgement).
    const summaries = c.history.map((r) => r.text).filter((x) => x.includes("每月收入："));
    expect(summaries.at(-1)).to.include("每月收入：5,500.00 元");
    expect(summary).to.not.equal("");
  });

  it("when the borrower answers the summary with 'nope', then it is not taken as correct: the fields to change are offered", async () => {
    const c = await sayAt("en", "summary.ask", "nope");
    expectReplies(c.replies, "en", ["summary.pickField"]);
  });

  const NATURAL: Array<{ locale: Locale; step: string; says: string; next: string }> = [
    { locale: "en", step: "hardship.confirmReason", says: "yes, I was in hospital", next: "hardship.askDuration" },
    { locale: "zh-CN", step: "hardship.askDuration", says: "估计两三个月吧", next: "hardship.askIncome" },
    { locale: "en", step: "hardship.askDuration", says: "probably about a year and a half", next: "hardship.askIncome" },
    { locale: "zh-CN", step: "hardship.askWilling", says: "愿意，我会努力还的", next: "summary.ask" },
    { locale: "en", step: "hardship.askExpenses", says: "rent 1800, food 1200, transport 300", next: "hardship.askAffordable" },
    { locale: "en", step: "hardship.askIncome", says: "500 a week", next: "hardship.askExpenses" },
  ];
  for (const n of NATURAL) {
    it(`when the borrower (${n.locale}) answers ${JSON.stringify(n.says)} at ${n.step}, then it is understood and the next question follows`, async () => {
      const c = await sayAt(n.locale, n.step, n.says);
      expectReplies(c.replies, n.locale, [n.next]);
      expect(await c.stores.handoffs.listOpen()).to.deep.equal([]);
    });
  }

  it("when the borrower says '一些' at the income question, then it is not read as ¥0.01 or ¥1: the question is asked again", async () => {
    const c = await sayAt("zh-CN", "hardship.askIncome", "一些");
    expectReplies(c.replies, "zh-CN", ["hardship.askIncomeRetry"]);
  });

  it("when the borrower asks what happens after a deferral at the offers, then the approved answer is given and the options stay open", async () => {
    const c = await sayAt("en", "offers.pick", "what happens when the deferral ends?");
    expectReplies(c.replies, "en", ["faq.after_deferral", "offers.pick"]);
    expect(await c.stores.agreements.listByConversation(c.conversationId)).to.deep.equal([]);
  });
});

describe("held back (review): corrections that name a field but give it no amount, and a yes that carries a correction", () => {
  it("when the borrower says 'My income is actually too low, I can only pay 500' at the affordable question, then income is not changed", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askAffordable");
    const replies = await c.say("My income is actually too low, I can only pay 500");
    expectReplies(replies, "en", [{ not: "correction.noted" }]);
  });

  it("when the borrower says 'sorry, I really earn 4000 to 5000' at the summary, then income becomes the cautious 4,000 and the summary is shown again", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "summary.ask");
    const replies = await c.say("sorry, I really earn 4000 to 5000");
    const all = replies.map((r) => r.all).join("\n");
    expect(all).to.include("4,000.00");
    expect(all).to.not.include("40,005,000");
    expectReplies(replies, "en", ["summary.ask", { not: "offers.pick" }]);
  });

  for (const [locale, says] of [["zh-CN", "对，收入是5000"], ["en", "yes, my income is 5000 now"]] as const) {
    it(`when the borrower says ${JSON.stringify(says)} at the summary, then it is not taken as confirming the summary`, async () => {
      const c = await startConversation({ locale });
      await reach(c, "summary.ask");
      expectReplies(await c.say(says), locale, [{ not: "offers.pick" }]);
    });
  }
});

describe("held back (review): words typed at a verification question", () => {
  class Spy extends OfflineClassifier {
    readonly seen: string[] = [];
    override async classify(text: string, locale: Locale): Promise<ClassificationResult> {
      this.seen.push(text);
      return super.classify(text, locale);
    }
  }

  for (const [locale, asks, says, digits] of [
    ["zh-CN", "verify.askAccount", "我的卡号后四位是8801", "8801"],
    ["en", "verify.askAccount", "it ends in 8801 I think", "8801"],
    ["zh-CN", "verify.askId", "身份证后四位 1234", "1234"],
  ] as const) {
    it(`when the borrower (${locale}) writes ${JSON.stringify(says)} at ${asks}, then no classifier sees the digits, and a request for a person still counts`, async () => {
      const spy = new Spy();
      const c = await startConversation({ locale, classifier: spy });
      await reach(c, asks);
      await c.say(says);
      expect(spy.seen.filter((t) => t.includes(digits))).to.deep.equal([]);
      expectReplies(await c.say(locale === "zh-CN" ? "我要转人工" : "I want a human"), locale, ["handoff.queue.general"]);
    });
  }
});

describe("held back (review): free words at the reason list", () => {
  class Fixed extends OfflineClassifier {
    constructor(private readonly confidence: number) {
      super();
    }
    override async classify(text: string, locale: Locale): Promise<ClassificationResult> {
      const result = await super.classify(text, locale);
      return text === "hospital bills mostly" ? { ...result, intent: "describe_hardship", reason: "medical", confidence: this.confidence } : result;
    }
  }

  for (const [confidence, picks] of [[0.6, false], [0.9, true]] as const) {
    it(`when the classifier reads a reason at confidence ${confidence} (threshold 0.7), then the reason is ${picks ? "taken" : "not taken: the list is asked again"}`, async () => {
      const c = await startConversation({ locale: "en", classifier: new Fixed(confidence) });
      await reach(c, "hardship.confirmReason");
      expectReplies(await c.say(t("en", "button.no")), "en", ["hardship.pickReason"]);
      const replies = await c.say("hospital bills mostly");
      expectReplies(replies, "en", picks ? ["hardship.askDuration"] : [{ not: "hardship.askDuration" }]);
    });
  }
});
