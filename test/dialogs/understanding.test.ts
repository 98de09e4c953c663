import { expect } from "chai";
import type { ClassificationResult, Locale } from "../../src/domain/classification.js";
import { t } from "../../src/i18n/catalog.js";
import { OfflineClassifier } from "../../src/understanding/index.js";
import { expectReplies, startConversation } from "../support/conversation.js";
import { reach } from "./paths.js";

/** The real offline classifier, with a record of what it was asked. */
class SpyClassifier extends OfflineClassifier {
  readonly asked: string[] = [];
  override async classify(text: string, locale: Locale): Promise<ClassificationResult> {
    this.asked.push(text);
    return super.classify(text, locale);
  }
}

describe("what goes to the classifier", () => {
  it("when the borrower answers every step, then every message is heard (buttons and amounts too) except the verification answers, which no classifier sees", async () => {
    const classifier = new SpyClassifier();
    const c = await startConversation({ locale: "zh-CN", classifier });
    await reach(c, "terms.ask");
    expect(classifier.asked).to.include.members(["我住院了两个星期，没法上班", "继续", "6000", "4000", "1500", t("zh-CN", "summary.confirm")]);
    expect(classifier.asked).not.to.include("8801");
    expect(classifier.asked).not.to.include("1234");
  });

  it("when the story gives no reason the classifier is sure of, then the borrower picks it from the list of nine", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askWhatHappened");
    const replies = await c.say("hmm, it's complicated");
    expectReplies(replies, "en", ["hardship.pickReasonUnsure", { not: "hardship.confirmReason" }]);
    expect(replies.flatMap((r) => r.buttons)).to.have.length(9);
  });

  it("when the borrower says the suggested reason is wrong, then the list is shown and their pick is used", async () => {
    const c = await startConversation({ locale: "en" });
    await reach(c, "hardship.askWhatHappened");
    await c.say("I lost my job last month");
    expectReplies(await c.say(t("en", "hardship.noChoose")), "en", ["hardship.pickReason"]);
    expectReplies(await c.say(t("en", "reason.income_reduction")), "en", ["hardship.askDuration"]);
    await c.say(t("en", "duration.unknown"));
    await c.say("agent");
    expect((await c.stores.handoffs.activeFor(c.conversationId))?.facts).to.include({ reason: "income_reduction" });
  });

  it("when a low-confidence label says 'request_human', then the bot does not act on it and asks again", async () => {
    const unsure: OfflineClassifier = Object.assign(new OfflineClassifier(), {
      classify: async (): Promise<ClassificationResult> => ({ intent: "request_human", reason: null, vulnerabilities: [], confidence: 0.2, source: "offline" }),
    });
    const c = await startConversation({ locale: "en", classifier: unsure });
    await reach(c, "verify.askAccount");
    expectReplies(await c.say("whatever"), "en", ["verify.askAccountRetry", { not: "handoff.queue.general" }]);
    expect(await c.stores.handoffs.activeFor(c.conversationId)).to.equal(null);
  });
});
