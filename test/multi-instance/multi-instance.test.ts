/**
 * Several Xieshang instances behind no sticky sessions: two servers in this process sharing one
 * real Redis (from the harness) and one Direct Line secret. A borrower's WebSocket may be held
 * by one instance while their messages land on another; an instance may die mid-negotiation;
 * Redis may go away and come back.
 */
import { expect } from "chai";
import { createClient } from "redis";
import { useRedisServer } from "../support/redis.js";
import { startInstances, closeAll, redisStoresFor, TEST_SECRET, type Instance } from "../support/instance.js";
import { DirectLineConversation, type ActivityStream, type DirectLineActivity } from "../support/directlineClient.js";
import { CARD_BORROWER_ZH, type BorrowerProfile } from "./borrower.js";
import { NegotiationSession, STREAM_WAIT_MS } from "./session.js";

const CARD_BORROWER = CARD_BORROWER_ZH;

/** Everything deliverable in the conversation, as polling (GET /activities) returns it. */
async function fullTranscript(conversation: DirectLineConversation): Promise<DirectLineActivity[]> {
  const all: DirectLineActivity[] = [];
  let watermark: string | undefined;
  for (let page = 0; page < 50; page++) {
    const set = await conversation.getActivities(watermark);
    all.push(...set.activities);
    if (set.activities.length === 0 || set.watermark === watermark) break;
    watermark = set.watermark;
  }
  return all;
}

function ids(activities: DirectLineActivity[]): string[] {
  return activities.map((a) => String(a.id));
}

/** Starts a conversation on `home` (as Web Chat does: tokens/generate, then POST /conversations with the token). */
async function begin(
  home: Instance,
  profile: BorrowerProfile = CARD_BORROWER,
  via: "tokens" | "conversations" = "tokens",
): Promise<NegotiationSession> {
  const conversation = await DirectLineConversation.start(home.url, { secret: TEST_SECRET, locale: profile.locale, via });
  const stream = await conversation.openStream();
  const session = new NegotiationSession(conversation, stream, profile);
  await session.begin();
  return session;
}

/**
 * Waits until the stream (plus what an earlier stream already delivered) holds everything in the
 * transcript (polled through `via`); returns the transcript.
 */
async function streamCaughtUp(
  stream: ActivityStream,
  via: DirectLineConversation,
  deliveredEarlier: DirectLineActivity[] = [],
): Promise<DirectLineActivity[]> {
  const transcript = await fullTranscript(via);
  const want = ids(transcript);
  const have = () => [...deliveredEarlier, ...stream.activities];
  const missing = () => want.filter((id) => !have().some((a) => a.id === id));
  await stream
    .waitUntil(() => missing().length === 0, STREAM_WAIT_MS, "the stream to deliver the whole transcript")
    .catch((e: Error) => {
      const gone = transcript.filter((a) => missing().includes(String(a.id))).map((a) => `${a.type}/${a.from?.role}:${String(a.text ?? "").slice(0, 30)}`);
      throw new Error(`${e.message}; ${gone.length} of ${want.length} missing: ${gone.join(" | ")}`);
    });
  return transcript;
}

describe("Several instances sharing one Redis (multi-instance)", function () {
  this.timeout(60_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];
  let A: Instance;
  let B: Instance;
  let prefix: string;

  beforeEach(async function () {
    ({ instances, prefix } = await startInstances(2, { redisUrl: redis().url }));
    [A, B] = instances as [Instance, Instance];
  });

  afterEach(async () => {
    await closeAll(instances);
  });

  it("when the borrower's stream is on instance A and their messages go to instance B, then every reply arrives on A, in order, none lost", async () => {
    const session = await begin(A);
    const viaB = session.conversation.via(B.url);
    for (let i = 0; i < 8; i++) await session.step(viaB);
    expect(session.steps.map((s) => s.answer.key)).to.include.members(["verify.askAccount", "verify.askId", "hardship.askWhatHappened"]);

    const transcript = await streamCaughtUp(session.stream, viaB);
    const streamed = ids(session.stream.activities);
    expect(new Set(streamed).size, "no activity streamed twice").to.equal(streamed.length);
    expect(streamed, "the stream on A is exactly the transcript, in the same order").to.deep.equal(ids(transcript));

    // Each turn's replies come after the borrower's message and before the next one.
    for (const step of session.steps) {
      const echo = streamed.indexOf(step.post.id!);
      expect(echo, `the echo of ${step.answer.key} was streamed`).to.be.greaterThan(-1);
      expect(session.stream.activities[echo]!.channelData?.clientActivityID).to.equal(step.post.clientActivityID);
      const nextUser = session.stream.activities.findIndex((a, i) => i > echo && a.from?.role === "user");
      for (const reply of step.replies) {
        const at = streamed.indexOf(String(reply.id));
        expect(at, `reply ${reply.id} arrived on A`).to.be.greaterThan(echo);
        if (nextUser !== -1) expect(at).to.be.lessThan(nextUser);
      }
    }
    // Watermarks on the stream only go forward.
    const marks = session.stream.frames.map((f) => f.watermark).filter((w): w is string => typeof w === "string");
    const asPairs = marks.map((m) => m.split("-").map(Number) as [number, number]);
    for (let i = 1; i < asPairs.length; i++) {
      const [ms0, seq0] = asPairs[i - 1]!;
      const [ms1, seq1] = asPairs[i]!;
      expect(ms1 > ms0 || (ms1 === ms0 && seq1 > seq0), `watermark ${marks[i]} after ${marks[i - 1]}`).to.equal(true);
    }
    await session.stream.close();
  });

  it("when a stream drops, then reconnecting from its watermark resumes with nothing missing and nothing doubled", async () => {
    const session = await begin(A, CARD_BORROWER, "conversations"); // started with the secret itself
    await session.step(); // disclosure → continue
    await session.step(); // account digits
    await streamCaughtUp(session.stream, session.conversation);
    const before = [...session.stream.activities];
    const watermark = session.stream.watermark;
    expect(watermark, "the stream reported a watermark").to.be.a("string");
    session.stream.drop();

    // The borrower's phone is offline for a moment; two more turns happen meanwhile (through B).
    const viaB = session.conversation.via(B.url);
    await session.step(viaB, { waitForStream: false });
    await session.step(viaB, { waitForStream: false });

    // Web Chat reconnects (here through B) from the last watermark it saw.
    session.stream = await viaB.openStream(watermark);
    const transcript = await streamCaughtUp(session.stream, viaB, before);
    const after = session.stream.activities;
    const beforeIds = ids(before);
    const afterIds = ids(after);
    expect(afterIds.filter((id) => beforeIds.includes(id)), "nothing delivered twice").to.deep.equal([]);
    expect([...beforeIds, ...afterIds], "nothing missing, in order").to.deep.equal(ids(transcript));
    expect(after.length, "the turns made while offline were delivered").to.be.greaterThan(3);

    // And the conversation carries on over the resumed stream.
    await session.step(viaB);
    await session.stream.close();
  });

  it("when instance A dies mid-negotiation, then the borrower carries on through B at the same dialog step and finishes with an agreement stored in Redis", async function () {
    this.timeout(120_000);
    const session = await begin(A);
    await session.runUntil("hardship.askExpenses");
    const lastWatermark = session.stream.watermark;

    await A.close(); // the pod is gone: its WebSocket closes, its memory is lost
    await session.stream.waitUntil(() => false, 5_000, "A's stream to close").catch(() => {});
    expect(session.stream.closed, "A's WebSocket closed with A").to.equal(true);

    // Web Chat reconnects to the service (now answered by B) from its watermark.
    const viaB = session.conversation.via(B.url);
    session.stream = await viaB.openStream(lastWatermark);
    const step = await session.step(viaB);
    expect(step.answer.key, "B took the answer to the question A asked").to.equal("hardship.askExpenses");
    expect(step.next, "B continued at the next step, not from the start").to.equal("hardship.askAffordable");

    await session.runUntil("agreement.agreed", () => viaB);
    const reference = session.reference();
    expect(reference, "the bot gave an agreement reference").to.be.a("string").and.not.equal("");

    // Visible in Redis: through a fresh connection, and as a raw key.
    const reader = await redisStoresFor(redis().url, prefix);
    try {
      const agreement = await reader.agreements.get(reference!);
      expect(agreement, `agreement ${reference} in Redis`).to.not.equal(null);
      expect(agreement!.conversationId).to.equal(session.conversation.conversationId);
      expect(agreement!.accountId).to.equal("demo-card-8801");
      expect((await reader.agreements.listByConversation(session.conversation.conversationId)).map((a) => a.id)).to.deep.equal([reference]);
    } finally {
      await reader.close();
    }
    const raw = createClient({ url: redis().url });
    raw.on("error", () => {});
    await raw.connect();
    try {
      expect(await raw.exists(`${prefix}agreement:${reference}`), "the agreement key exists in Redis").to.equal(1);
    } finally {
      await raw.close();
    }
    await session.stream.close();
  });

  it("when two messages of one conversation reach A and B at the same moment, then both are processed one after the other and no state is lost", async () => {
    const session = await begin(A);
    await session.runUntil("hardship.askIncome");
    const viaA = session.conversation;
    const viaB = session.conversation.via(B.url);

    // The borrower double-sends: the income, then the expenses, racing on two instances.
    const [first, second] = await Promise.all([
      viaA.postActivity(viaA.message("8000", { locale: "zh-CN" })),
      viaB.postActivity(viaB.message("3000", { locale: "zh-CN" })),
    ]);
    expect(first.status, first.body).to.equal(200);
    expect(second.status, second.body).to.equal(200);
    const r1 = await session.repliesTo(first.id!);
    const r2 = await session.repliesTo(second.id!);
    // The two turns did not interleave: all of one turn's replies come before all of the other's.
    {
      const at = (rs: DirectLineActivity[]) => rs.map((r) => ids(session.stream.activities).indexOf(String(r.id)));
      const [a1, a2] = [at(r1), at(r2)];
      expect(Math.max(...a1) < Math.min(...a2) || Math.max(...a2) < Math.min(...a1), "the turns ran one after the other").to.equal(true);
    }

    // Each turn saw the other's outcome: one answered the income question, the other the expenses one.
    const transcript = await fullTranscript(viaB);
    const order = ids(transcript);
    // Processing order is the order of the replies (the echoes are stored before the lock is taken).
    const firstDone = order.indexOf(String(r1[0]!.id)) < order.indexOf(String(r2[0]!.id)) ? r1 : r2;
    const secondDone = firstDone === r1 ? r2 : r1;
    session.replies = firstDone;
    expect(session.question(), "after the first processed message the bot asked for expenses").to.equal("hardship.askExpenses");
    session.replies = secondDone;
    expect(session.question(), "after the second it asked what the borrower can afford").to.equal("hardship.askAffordable");

    // Carry on to the summary: it holds both amounts (in the order the lock let them through).
    await session.runUntil("summary.ask");
    const summary = session.replies.map((r) => `${r.text ?? ""}${JSON.stringify(r.attachments ?? [])}`).join("\n");
    const compact = summary.replace(/[,\s，]/g, "");
    expect(compact).to.match(/8000/);
    expect(compact).to.match(/3000/);
    await session.stream.close();
  });
});

describe("Several instances when Redis goes away and comes back (multi-instance)", function () {
  this.timeout(90_000);
  const redis = useRedisServer({ needsOwnServer: true });
  let instances: Instance[] = [];
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);

  beforeEach(async () => {
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);
    ({ instances } = await startInstances(2, { redisUrl: redis().url }));
  });

  afterEach(async () => {
    await closeAll(instances);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
    await redis().start(); // for any later test, whatever happened
  });

  async function health(instance: Instance): Promise<number> {
    const res = await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status;
  }

  async function until(what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("when Redis stops mid-run, then a POST answers 503 with a clear error and the servers stay up; after Redis restarts the same conversation works again", async () => {
    const [A, B] = instances as [Instance, Instance];
    const session = await begin(A);
    await session.step(session.conversation.via(B.url));
    const watermark = session.stream.watermark;

    await redis().stop();

    for (const instance of [A, B]) {
      const via = session.conversation.via(instance.url);
      const res = await via.postActivity(via.message("8801", { locale: "zh-CN" }));
      expect(res.status, `POST to ${instance.name} while Redis is down: ${res.body}`).to.equal(503);
      const body = JSON.parse(res.body) as { error?: { code?: string; message?: string } };
      expect(body.error?.code).to.equal("ServiceUnavailable");
      expect(body.error?.message, "the error says what is wrong").to.match(/redis|unavailable|store/i);
      expect(body.error?.message, "and never leaks the Redis URL's secrets or a stack").to.not.match(/\n\s+at /);
      expect(await health(instance), `${instance.name} is not ready: /readyz reports the outage`).to.equal(503);
      const live = await fetch(`${instance.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await live.arrayBuffer();
      expect(live.status, `${instance.name} is alive: /healthz (liveness) does not depend on Redis`).to.equal(200);
    }

    await redis().start();
    await until("both instances to see Redis again", 20_000, async () => (await health(A)) === 200 && (await health(B)) === 200);

    // The borrower's client reconnects and posts again: the same conversation answers.
    // (The harness's Redis restarts empty, like a failover to a fresh node: the conversation's
    // reference and state are gone, so this checks recovery, not that state survived.)
    for (const instance of [B, A]) {
      const via = session.conversation.via(instance.url);
      const res = await via.postActivity(via.message("你好", { locale: "zh-CN" }));
      expect(res.status, `POST to ${instance.name} after the restart: ${res.body}`).to.equal(200);
      const stream = await via.openStream(watermark);
      try {
        const replies = await stream.waitForReplyTo(res.id!, STREAM_WAIT_MS);
        expect(replies.length, `the bot answered through ${instance.name}, on a stream resumed from the old watermark`).to.be.greaterThan(0);
      } finally {
        await stream.close();
      }
      // The WebSocket the borrower kept open on A through the outage delivers it too.
      const live = await session.stream.waitForReplyTo(res.id!, STREAM_WAIT_MS);
      expect(live.length, "the stream that lived through the outage is live again").to.be.greaterThan(0);
    }
    expect(crashes, "no uncaught exception or unhandled rejection").to.deep.equal([]);
    await session.stream.close();
  });
});
