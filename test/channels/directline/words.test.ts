/**
 * Issue 6's examples over the real thing: Direct Line (HTTP + WebSocket) on an instance backed by
 * a real Redis, as the audit reproduced them — consent, an older card's button, a dispute inside
 * an amount, a crisis after a handoff.
 */
import { expect } from "chai";
import { t } from "../../../src/i18n/catalog.js";
import { useRedisServer } from "../../support/redis.js";
import { closeAll, startInstances, TEST_SECRET, type Instance } from "../../support/instance.js";
import { DirectLineConversation, type DirectLineActivity } from "../../support/directlineClient.js";
import { actionsOf, CARD_BORROWER_ZH, clickPayload, readable } from "../../multi-instance/borrower.js";
import { NegotiationSession } from "../../multi-instance/session.js";
import { redisStoresFor } from "../../support/instance.js";

const said = (replies: DirectLineActivity[]) => replies.map(readable).join("\n");

describe("Issue 6 over Direct Line and Redis", function () {
  this.timeout(60_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];
  let prefix = "";

  beforeEach(async () => {
    ({ instances, prefix } = await startInstances(1, { redisUrl: redis().url }));
  });
  afterEach(async () => {
    await closeAll(instances);
  });

  async function reach(key: Parameters<NegotiationSession["runUntil"]>[0], profile = CARD_BORROWER_ZH) {
    const conversation = await DirectLineConversation.start(instances[0]!.url, { secret: TEST_SECRET, locale: profile.locale });
    const stream = await conversation.openStream();
    const session = new NegotiationSession(conversation, stream, profile);
    await session.begin();
    await session.runUntil(key);
    return { conversation, stream, session };
  }

  async function send(s: Awaited<ReturnType<typeof reach>>, activity: Partial<DirectLineActivity>) {
    const post = await s.conversation.postActivity(s.conversation.message(activity.text ?? "", activity));
    return s.session.repliesTo(post.id!);
  }

  /** Reads the instance's Redis through a second client, then closes it and the borrower's stream. */
  async function inRedis<T>(s: { stream: { close(): Promise<void> } }, read: (stores: Awaited<ReturnType<typeof redisStoresFor>>) => Promise<T>): Promise<T> {
    const store = await redisStoresFor(redis().url, prefix);
    try {
      return await read(store);
    } finally {
      await store.close();
      await s.stream.close();
    }
  }

  for (const words of ["我再考虑一下", "能不能每个月少还一点"]) {
    it(`when the borrower types ${JSON.stringify(words)} at the terms, then no agreement is stored and the options come back with a person`, async () => {
      const s = await reach("terms.ask");
      const replies = await send(s, { text: words });
      expect(said(replies)).to.not.include(t("zh-CN", "agreement.agreed", { id: "" }).slice(0, 8));
      expect(replies.flatMap(actionsOf).map((a) => a.title)).to.include(t("zh-CN", "button.person"));
      await inRedis(s, async (store) => expect(await store.agreements.listByConversation(s.conversation.conversationId)).to.deep.equal([]));
    });
  }

  it("when the borrower clicks the older '选择方案 1' card button at option 2's terms, then nothing is agreed", async () => {
    const s = await reach("offers.pick", { ...CARD_BORROWER_ZH, option: 2 });
    const offers = s.session.steps.at(-1)!.replies;
    const older = offers.flatMap(actionsOf).find((a) => a.title === "选择方案 1")!;
    expect(older, "the offers card had a choose button").to.not.equal(undefined);
    await s.session.step(); // chooses option 2: its terms
    const replies = await send(s, clickPayload(older));
    expect(said(replies)).to.include(t("zh-CN", "button.stale").slice(0, 8));
    await inRedis(s, async (store) => {
      expect(await store.agreements.listByConversation(s.conversation.conversationId)).to.deep.equal([]);
    });
  });

  it("when the borrower answers the income question with '5000 but your fees are wrong', then it goes to disputes with the flag in the trace and no income stored", async () => {
    const s = await reach("hardship.askIncome", { ...CARD_BORROWER_ZH, locale: "en", story: "I lost my job last month" });
    await send(s, { text: "5000 but your fees are wrong" });
    await inRedis(s, async (store) => {
      const handoff = await store.handoffs.activeFor(s.conversation.conversationId);
      expect(handoff?.reason).to.equal("dispute");
      expect(handoff?.facts["monthlyIncomeMinor"]).to.equal(undefined);
      expect(handoff?.trace.find((e) => e.outcome === "fired")?.ruleId).to.equal("ESC_DISPUTE");
    });
  });

  it("when, after a self-harm handoff, the borrower writes '没用的，谁也帮不了我' and then '我现在就在楼顶', then each gets an answer and the second the crisis contacts again", async () => {
    const s = await reach("hardship.askWhatHappened");
    await send(s, { text: "我不想活了" });
    const first = await send(s, { text: "没用的，谁也帮不了我" });
    expect(first.length, "an answer").to.be.greaterThan(0);
    const second = await send(s, { text: "我现在就在楼顶" });
    expect(said(second)).to.include(instances[0]!.config.CRISIS_SUPPORT_ZH.slice(0, 10));
    await inRedis(s, async (store) => {
      expect((await store.handoffs.activeFor(s.conversation.conversationId))?.priority).to.equal("urgent");
    });
  });
});
