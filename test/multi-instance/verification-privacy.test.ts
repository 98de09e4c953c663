/**
 * POLICY.md §8 over the real thing: a borrower verifies and reaches an agreement over Direct Line
 * (HTTP + WebSocket) on an instance backed by a real Redis; then neither the transcript, nor the
 * echo Web Chat shows, nor any value in Redis holds the verification answers "8801" / "1234".
 */
import { expect } from "chai";
import { createClient } from "redis";
import { t } from "../../src/i18n/catalog.js";
import { useRedisServer } from "../support/redis.js";
import { startInstances, closeAll, TEST_SECRET, type Instance } from "../support/instance.js";
import { DirectLineConversation } from "../support/directlineClient.js";
import { occurrences } from "../support/verificationAnswers.js";
import { CARD_BORROWER_ZH } from "./borrower.js";
import { NegotiationSession } from "./session.js";

/** Every key in the server and its whole value, as text (strings, hashes, lists, sets, sorted sets, streams). */
async function dumpRedis(url: string): Promise<{ keys: string[]; text: string }> {
  const raw = createClient({ url });
  raw.on("error", () => {});
  await raw.connect();
  try {
    const keys = await raw.keys("*");
    const parts: string[] = [];
    for (const key of keys) {
      const type = await raw.type(key);
      let value: unknown;
      if (type === "string") value = await raw.get(key);
      else if (type === "hash") value = await raw.hGetAll(key);
      else if (type === "list") value = await raw.lRange(key, 0, -1);
      else if (type === "set") value = await raw.sMembers(key);
      else if (type === "zset") value = await raw.zRangeWithScores(key, 0, -1);
      else if (type === "stream") value = await raw.xRange(key, "-", "+");
      else value = `<${type}>`;
      parts.push(`${key} = ${JSON.stringify(value)}`);
    }
    return { keys, text: parts.join("\n") };
  } finally {
    await raw.close();
  }
}

describe("Verification answers never stored, over Direct Line and Redis (multi-instance)", function () {
  this.timeout(60_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];

  afterEach(async () => {
    await closeAll(instances);
  });

  it("when a borrower verifies with 8801/1234 and reaches an agreement, then the echo shows the placeholder and neither the transcript nor any Redis value holds the answers", async () => {
    ({ instances } = await startInstances(1, { redisUrl: redis().url }));
    const A = instances[0]!;
    const conversation = await DirectLineConversation.start(A.url, { secret: TEST_SECRET, locale: "zh-CN" });
    const stream = await conversation.openStream();
    const session = new NegotiationSession(conversation, stream, CARD_BORROWER_ZH);
    await session.begin();
    await session.runUntil("agreement.agreed");
    expect(session.reference(), "the borrower got an agreement").to.be.a("string").and.not.equal("");

    const placeholder = t("zh-CN", "verify.answerPlaceholder");
    for (const key of ["verify.askAccount", "verify.askId"] as const) {
      const step = session.steps.find((s) => s.answer.key === key)!;
      expect(step.answer.kind === "type" && step.answer.text, "the borrower typed the answer").to.match(/^(8801|1234)$/);
      const echo = stream.activities.find((a) => a.id === step.post.id);
      expect(echo, `the echo of the ${key} answer reached the stream`).to.not.equal(undefined);
      expect(echo!.text, "Web Chat's echo shows the placeholder").to.equal(placeholder);
      expect(echo!.channelData?.clientActivityID, "and is still matched to what the client sent").to.equal(step.post.clientActivityID);
    }

    const transcript = JSON.stringify((await conversation.getActivities()).activities);
    const streamed = JSON.stringify(stream.activities);
    for (const digits of ["8801", "1234"]) {
      expect(occurrences(transcript, digits), `the transcript holds ${digits}`).to.deep.equal([]);
      expect(occurrences(streamed, digits), `the stream delivered ${digits}`).to.deep.equal([]);
    }

    const { keys, text } = await dumpRedis(redis().url);
    expect(keys.length, "Redis holds the conversation").to.be.greaterThan(3);
    expect(text, "the agreement is in Redis").to.include(session.reference()!);
    for (const digits of ["8801", "1234"]) expect(occurrences(text, digits), `Redis holds ${digits}`).to.deep.equal([]);
    await stream.close();
  });
});
