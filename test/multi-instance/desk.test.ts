/**
 * The agent desk over two instances sharing one real Redis, no sticky sessions: claims race across
 * instances, the borrower's WebSocket is on A while the agent works on B, and B is restarted in
 * between — nothing is lost on either side.
 */
import { expect } from "chai";
import { useRedisServer } from "../support/redis.js";
import { startInstances, startRedisInstance, closeAll, TEST_SECRET, type Instance } from "../support/instance.js";
import { visibleText } from "../support/directlineClient.js";
import { DeskClient } from "../support/deskClient.js";
import { verifiedBorrowerAsksForPerson, windowAroundNow, type Borrower } from "../support/deskFlow.js";
import { HandoffService } from "../../src/handoff/service.js";

describe("agent desk across two instances (Redis)", function () {
  this.timeout(120_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];
  let prefix: string;
  let borrower: Borrower | undefined;
  const env = { QUIET_HOURS: windowAroundNow(false) };

  beforeEach(async () => {
    ({ instances, prefix } = await startInstances(2, { redisUrl: redis().url, env }));
  });
  afterEach(async () => {
    await borrower?.stream.close();
    borrower = undefined;
    await closeAll(instances);
  });

  it("when 50 claims of one handoff arrive spread over two instances, then exactly one wins and 49 get 409 AlreadyClaimed", async () => {
    const [a, b] = instances as [Instance, Instance];
    const h = await new HandoffService({ stores: a.stores }).open({
      conversationId: "race-conv",
      escalation: { queue: "general", priority: "normal", reason: "borrower_request" },
      locale: "en",
      accountId: null,
      facts: {},
      trace: [],
      transcript: [],
      channel: "directline",
    });
    const agent = new DeskClient(a.url);
    await agent.signIn("demo-agent", "demo-agent-pass");
    const supervisor = new DeskClient(b.url);
    await supervisor.signIn("demo-supervisor", "demo-supervisor-pass");
    const clients = [agent, agent.via(b.url), supervisor, supervisor.via(a.url)];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % 4]!.post(`/handoffs/${h.id}/claim`)));
    const statuses = answers.map((x) => x.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    const winner = answers.find((x) => x.status === 200)!.body.handoff.claimedBy.id;
    for (const x of answers.filter((y) => y.status === 409)) {
      expect(x.body.error.code).to.equal("AlreadyClaimed");
      expect(x.body.error.claimedBy.id).to.equal(winner);
    }
  });

  it("when the borrower is on A and the agent on B, then messages go both ways; B restarts in between and the agent's stream resumes from its cursor with nothing lost", async () => {
    const [a] = instances as [Instance, Instance];
    let b = instances[1]!;
    borrower = await verifiedBorrowerAsksForPerson(a.url, TEST_SECRET);
    const conversationId = borrower.conversation.conversationId;
    const h = (await a.stores.handoffs.activeFor(conversationId))!;
    const agent = new DeskClient(b.url);
    await agent.signIn("demo-agent", "demo-agent-pass");
    let feed = await agent.stream();
    expect((await agent.post(`/handoffs/${h.id}/claim`)).status).to.equal(200);

    // borrower (A) → agent (B)
    await borrower.conversation.say("我等着呢");
    await feed.waitFor(() => feed.events.some((e) => e.kind === "line" && e.line.text === "我等着呢"), "the borrower's line on B");
    // agent (B) → borrower (A's WebSocket)
    expect((await agent.post(`/handoffs/${h.id}/messages`, { text: "您好，我是小王" })).status).to.equal(200);
    await borrower.stream.waitUntil(() => borrower!.stream.botMessages.some((m) => visibleText(m) === "您好，我是小王"), 10_000, "the agent's message on A");

    // B goes away; the borrower keeps writing on A meanwhile.
    const cursor = feed.lastCursor!;
    await feed.close().catch(() => undefined);
    await b.close();
    await borrower.conversation.say("还在吗？");
    await borrower.conversation.say("我先说一下我的收入是5000");
    b = await startRedisInstance("B2", { redisUrl: redis().url, prefix, env });
    instances[1] = b;

    // The same session works on the new instance; the stream replays from the cursor.
    const again = agent.via(b.url);
    feed = await again.stream(cursor);
    await feed.waitFor(() => feed.events.some((e) => e.kind === "line" && e.line.text === "我先说一下我的收入是5000"), "the replay after the restart");
    const borrowerLines = feed.events.filter((e) => e.kind === "line" && e.line.from === "borrower").map((e) => e.line.text);
    expect(borrowerLines).to.deep.equal(["还在吗？", "我先说一下我的收入是5000"]);
    expect((await again.post(`/handoffs/${h.id}/messages`, { text: "在的，收到" })).status).to.equal(200);
    await borrower.stream.waitUntil(() => borrower!.stream.botMessages.some((m) => visibleText(m) === "在的，收到"), 10_000, "the agent's message after the restart");
    await feed.close();
  });
});
