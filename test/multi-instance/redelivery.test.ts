/**
 * The exactly-once paths one at a time, deterministically (the kill test exercises them at
 * random): a retry after the turn committed, the same message on two instances at once, a retry
 * after the first attempt died before committing (simulated by storing what it had stored), and
 * a Bot Framework channel's redelivery of the same activity id.
 */
import { expect } from "chai";
import { useRedisServer } from "../support/redis.js";
import { startInstances, closeAll, TEST_SECRET, type Instance } from "../support/instance.js";
import { DirectLineConversation, type DirectLineActivity } from "../support/directlineClient.js";
import { channelActivity, startConnectorStandIn, type ConnectorStandIn } from "../support/connectorStandIn.js";
import { lastQuestion } from "./borrower.js";

async function transcriptOf(conversation: DirectLineConversation): Promise<DirectLineActivity[]> {
  const all: DirectLineActivity[] = [];
  let watermark: string | undefined;
  for (;;) {
    const set = await conversation.getActivities(watermark);
    all.push(...set.activities);
    if (set.activities.length === 0 || set.watermark === watermark) return all;
    watermark = set.watermark;
  }
}

const repliesTo = (transcript: DirectLineActivity[], id: string) => transcript.filter((x) => x.replyToId === id && x.from?.role !== "user");
const echoesOf = (transcript: DirectLineActivity[], clientId: string) => transcript.filter((x) => x.from?.role === "user" && x.channelData?.clientActivityID === clientId);

describe("Redelivered messages are processed once (multi-instance)", function () {
  this.timeout(60_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];
  let A: Instance;
  let B: Instance;

  beforeEach(async () => {
    ({ instances } = await startInstances(2, { redisUrl: redis().url }));
    [A, B] = instances as [Instance, Instance];
  });
  afterEach(async () => {
    await closeAll(instances);
  });

  async function atAccountQuestion(): Promise<DirectLineConversation> {
    const c = await DirectLineConversation.start(A.url, { secret: TEST_SECRET, locale: "zh-CN" });
    const first = await c.say("继续", { locale: "zh-CN" }); // the disclosure's continue button, typed
    expect(lastQuestion(repliesTo(await transcriptOf(c), first.id!), "zh-CN")?.key).to.equal("verify.askAccount");
    return c;
  }

  it("when a message is posted again after its turn committed, then the POST returns the first id and nothing is echoed or answered twice", async () => {
    const c = await atAccountQuestion();
    const message = c.message("8801", { locale: "zh-CN" });
    const first = await c.postActivity(message);
    const again = await c.via(B.url).postActivity(message);
    expect(first.status).to.equal(200);
    expect(again.status).to.equal(200);
    expect(again.id, "the retry's POST returns the original activity id").to.equal(first.id);
    const transcript = await transcriptOf(c);
    expect(echoesOf(transcript, first.clientActivityID)).to.have.length(1);
    const replies = repliesTo(transcript, first.id!);
    expect(lastQuestion(replies, "zh-CN")?.key, "answered once: the ID question").to.equal("verify.askId");
    expect(replies.map((r) => r.id)).to.deep.equal([...new Set(replies.map((r) => r.id))]);
    // The conversation moved on by one step only: the next answer is taken as the ID answer.
    const next = await c.say("1234", { locale: "zh-CN" });
    expect(lastQuestion(repliesTo(await transcriptOf(c), next.id!), "zh-CN")?.key).to.equal("hardship.askWhatHappened");
  });

  it("when the same message reaches A and B at the same moment, then both POSTs return one id and it is processed once", async () => {
    const c = await atAccountQuestion();
    const message = c.message("8801", { locale: "zh-CN" });
    const [x, y] = await Promise.all([c.postActivity(message), c.via(B.url).postActivity(message)]);
    expect([x.status, y.status]).to.deep.equal([200, 200]);
    expect(x.id).to.equal(y.id);
    const transcript = await transcriptOf(c);
    expect(echoesOf(transcript, x.clientActivityID)).to.have.length(1);
    const replies = repliesTo(transcript, x.id!);
    expect(replies.filter((r) => lastQuestion([r], "zh-CN")?.key === "verify.askId"), "the ID question asked once").to.have.length(1);
  });

  it("when the first attempt stored the echo and part of the replies, then died before committing, then the retry runs the turn once and completes the replies without repeating them", async () => {
    const c = await atAccountQuestion();
    await c.say("8801", { locale: "zh-CN" });
    // The ID answer's turn sends two replies (verified, then the first hardship question).
    const message = c.message("1234", { locale: "zh-CN" });
    const clientId = String(message.channelData!.clientActivityID);
    // What the dead attempt had stored: the echo (under the message's key) and its first reply.
    const echoId = `${c.conversationId}|deadbeefdeadbeef0`;
    await A.stores.transcripts.appendOnce(c.conversationId, `c:${clientId}`, {
      ...message,
      id: echoId,
      text: "[核验信息]",
      from: { id: c.userId, role: "user" },
      conversation: { id: c.conversationId },
    });
    await A.stores.transcripts.append(c.conversationId, {
      type: "message",
      id: `${echoId}.0`,
      replyToId: echoId,
      text: "(the dead attempt's first reply)",
      from: { id: "xieshang", role: "bot" },
      conversation: { id: c.conversationId },
    });

    const retry = await c.via(B.url).postActivity(message);
    expect(retry.status).to.equal(200);
    expect(retry.id, "the retry answers with the dead attempt's echo id").to.equal(echoId);
    const transcript = await transcriptOf(c);
    expect(echoesOf(transcript, clientId), "echoed once").to.have.length(1);
    const replies = repliesTo(transcript, echoId);
    const ids = replies.map((r) => String(r.id));
    expect(ids.filter((id) => id === `${echoId}.0`), "the stored reply is not stored again").to.have.length(1);
    expect(ids.length, "the rest of the turn's replies were added").to.be.greaterThan(1);
    expect(lastQuestion(replies, "zh-CN")?.key, "the turn ran (once) from the committed state").to.equal("hardship.askWhatHappened");
    const again = await c.postActivity(message);
    expect(again.id, "and a further retry is answered from the committed turn").to.equal(echoId);
    expect(repliesTo(await transcriptOf(c), echoId).length).to.equal(replies.length);
  });
});

describe("Redelivered Bot Framework activities are processed once", function () {
  this.timeout(60_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];
  let connector: ConnectorStandIn;

  beforeEach(async () => {
    connector = await startConnectorStandIn();
    ({ instances } = await startInstances(2, { redisUrl: redis().url }));
  });
  afterEach(async () => {
    await closeAll(instances);
    await connector.close();
  });

  it("when a channel delivers the same activity id to A and then to B, then the bot answers once and the transcript holds it once", async () => {
    const [A, B] = instances as [Instance, Instance];
    const activity = channelActivity(connector, { id: "tg-activity-1", conversation: { id: "tg-conv-redelivered" } });
    const send = (url: string) => fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect((await send(A.url)).status).to.equal(200);
    const repliesAfterFirst = connector.received.length;
    expect(repliesAfterFirst, "the bot answered").to.be.greaterThan(0);
    expect((await send(B.url)).status).to.equal(200);
    expect(connector.received.length, "no second answer").to.equal(repliesAfterFirst);
    const transcript = await A.stores.transcripts.read("tg-conv-redelivered");
    expect(transcript.filter((e) => e.activity.id === "tg-activity-1"), "stored once").to.have.length(1);
  });
});
