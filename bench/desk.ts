/**
 * `npm run bench:desk` — agent desk delivery latency on one instance (issue 8 item 10): B borrowers
 * on Direct Line (each with its own conversation and WebSocket) who asked for a person, and A
 * agents signed in to the desk API (each with its stream WebSocket), each agent holding B/A
 * conversations. Then every borrower sends M messages (think time uniform in --think-ms) and the
 * agent holding the conversation answers each one through POST /agent/api/handoffs/{id}/messages.
 *
 *   npm run bench:desk -- --borrowers 200 --agents 20 --messages 5 --think-ms 500-1500
 *
 * Borrower → agent latency: from just before the borrower's POST to the arrival of that message's
 * `line` event on the holding agent's stream. Agent → borrower latency: from just before the
 * agent's POST to the arrival of the reply on the borrower's Direct Line WebSocket. Reported as
 * p50/p95/p99/max over all messages. Server, Redis client and all borrowers/agents run in this one
 * process (one event loop), Redis (a redis-server started here unless REDIS_URL is set) beside it:
 * the figures include the client side's own work on the same loop and are an upper bound.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { silentLogger } from "../src/log.js";
import { startServer, type RunningServer } from "../src/server.js";
import type { Stores } from "../src/store/types.js";
import { startRedisServer } from "../test/support/redis.js";
import { instanceConfig, redisStoresFor, TEST_SECRET, newPrefix } from "../test/support/instance.js";
import { DirectLineConversation, type ActivityStream } from "../test/support/directlineClient.js";
import { DeskClient, type DeskStreamClient } from "../test/support/deskClient.js";
import { composeBot } from "../src/compose.js";

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const BORROWERS = Number(flag("borrowers", "200"));
const AGENTS = Number(flag("agents", "20"));
const MESSAGES = Number(flag("messages", "5"));
const [THINK_MIN, THINK_MAX] = flag("think-ms", "500-1500").split("-").map(Number) as [number, number];

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `${name}: n=${s.length} p50=${f(percentile(s, 50))} ms p95=${f(percentile(s, 95))} ms p99=${f(percentile(s, 99))} ms max=${f(s[s.length - 1] ?? NaN)} ms`;
}

interface Borrower {
  conversation: DirectLineConversation;
  stream: ActivityStream;
  handoffId?: string;
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  if (!redis) throw new Error("no redis-server and no REDIS_URL");
  const prefix = newPrefix("bench-desk");
  const config = instanceConfig({ redisUrl: redis.url, env: {
    QUIET_HOURS: "00:00-00:00",
    AGENT_SESSION_IDLE_MINUTES: "120",
    // every simulated client comes from 127.0.0.1: the per-address limits would throttle the load itself
    RATE_LIMIT_TOKENS_PER_MINUTE: "0",
    RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "0",
    RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: "0",
  } });
  const stores: Stores = await redisStoresFor(redis.url, prefix);
  const parts = await composeBot(config, silentLogger, stores);
  const server: RunningServer = await startServer({ config, log: silentLogger, stores, bot: parts.bot, channelMiddleware: [parts.transcript], policy: parts.policy });
  try {
    // Borrowers: a conversation each; the first message asks for a person.
    const borrowers: Borrower[] = [];
    for (let i = 0; i < BORROWERS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, BORROWERS - i) }, async () => {
          const conversation = await DirectLineConversation.start(server.url, { secret: TEST_SECRET, locale: "zh-CN", timeoutMs: 60_000 });
          const stream = await conversation.openStream();
          await conversation.say("转人工");
          return { conversation, stream } as Borrower;
        }),
      );
      borrowers.push(...batch);
    }
    for (const b of borrowers) b.handoffId = (await stores.handoffs.activeFor(b.conversation.conversationId))?.id;
    if (borrowers.some((b) => !b.handoffId)) throw new Error("not every borrower has a handoff");

    // Agents: sign in (demo agent ids are shared; each session is separate), stream, claim their share.
    const agents: Array<{ desk: DeskClient; feed: DeskStreamClient }> = [];
    for (let i = 0; i < AGENTS; i++) {
      const desk = new DeskClient(server.url);
      const signed = await desk.signIn(i % 2 === 0 ? "demo-agent" : "demo-supervisor", i % 2 === 0 ? "demo-agent-pass" : "demo-supervisor-pass");
      if (signed.status !== 200) throw new Error(`sign-in ${signed.status}`);
      agents.push({ desk, feed: await desk.stream() });
    }
    const holder = new Map<string, number>();
    await Promise.all(
      borrowers.map(async (b, i) => {
        const a = i % AGENTS;
        const claimed = await agents[a]!.desk.post(`/handoffs/${b.handoffId}/claim`);
        if (claimed.status !== 200) throw new Error(`claim ${claimed.status}`);
        holder.set(b.handoffId!, a);
      }),
    );

    const toAgent: number[] = [];
    const toBorrower: number[] = [];
    const started = Date.now();
    let failures = 0;
    const outcomes = await Promise.allSettled(
      borrowers.map(async (b, i) => {
        const agent = agents[holder.get(b.handoffId!)!]!;
        for (let m = 0; m < MESSAGES; m++) {
          await sleep(THINK_MIN + random() * (THINK_MAX - THINK_MIN));
          const text = `b${i}-m${m} 我的情况是这样的`;
          const t0 = performance.now();
          // Started before the POST: the line may reach the agent before the borrower's turn ends.
          const seen = agent.feed.waitFor(() => agent.feed.lineTexts.has(text), `line ${text}`, 60_000).then(() => performance.now());
          await b.conversation.say(text);
          toAgent.push((await seen) - t0);
          const reply = `a-${i}-${m} 收到`;
          const t1 = performance.now();
          const arrived = b.stream.waitUntil(() => b.stream.activities.some((x) => x.text === reply), 60_000, "agent reply").then(() => performance.now());
          const sent = await agent.desk.post(`/handoffs/${b.handoffId}/messages`, { text: reply });
          if (sent.status !== 200) throw new Error(`message ${sent.status} ${JSON.stringify(sent.body)}`);
          toBorrower.push((await arrived) - t1);
        }
      }),
    );
    for (const o of outcomes) {
      if (o.status === "rejected") {
        if (failures === 0) console.error("first failure:", o.reason);
        failures += 1;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`desk bench: ${BORROWERS} borrowers, ${AGENTS} agents, ${MESSAGES} messages each way per borrower, think ${THINK_MIN}-${THINK_MAX} ms, ${seconds.toFixed(1)} s, one instance on Redis; borrowers failed: ${failures}`);
    console.log(report("borrower → agent (POST → agent stream line)", toAgent));
    console.log(report("agent → borrower (POST → borrower WebSocket)", toBorrower));
    await Promise.all(agents.map((a) => a.feed.close()));
    await Promise.all(borrowers.map((b) => b.stream.close()));
  } finally {
    await server.close();
    await stores.close();
    await redis.stop();
  }
}

const hard = setTimeout(() => {
  console.error("desk bench: hard stop after 15 minutes");
  process.exit(1);
}, 15 * 60_000);
hard.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
