/**
 * `npm run bench` — Direct Line throughput and turn latency of Xieshang, then of a trivial echo
 * bot on the same server stack (startServer: Direct Line 3.0 REST + WebSocket, Redis stores), in
 * the same run, and the ratios.
 *
 *   npm run bench -- --borrowers 200 --turns 14
 *
 * N borrowers run at once, each over its own Direct Line conversation (HTTP POSTs + one
 * WebSocket). Xieshang's borrowers replay a scripted negotiation (a demo credit card, job loss,
 * an instalment plan) that one calibration conversation records first by reading the bot's
 * questions through the message catalogs; the echo bot gets as many turns.
 *
 * Turn latency = from just before the POST is sent to the arrival, on that borrower's WebSocket,
 * of the bot's first message replying to it (replyToId). Turns/second = completed turns / wall
 * time of the turn phase (the clock starts once every borrower has connected). The server runs in
 * this thread, the borrowers (bench/load.ts) in a worker thread, so they do not share an event loop.
 *
 * Redis: REDIS_URL if set, otherwise a redis-server on a free port started by the test harness.
 * Loopback only; the run stops by itself (--deadline-s bounds it, a hard stop 30 s later).
 */
import { randomBytes } from "node:crypto";
import { ActivityHandler, type Middleware, type TurnContext } from "botbuilder";
import { silentLogger } from "../src/log.js";
import { startServer, type RunningServer } from "../src/server.js";
import type { BotLike } from "../src/channels/botframework.js";
import type { Stores } from "../src/store/types.js";
import { startRedisServer, type RedisServer } from "../test/support/redis.js";
import { instanceConfig, redisStoresFor, TEST_SECRET } from "../test/support/instance.js";
import { DirectLineConversation } from "../test/support/directlineClient.js";
import { runLoadInWorker, type LoadResult, type Script } from "./load.js";
import { NegotiationSession } from "../test/multi-instance/session.js";
import { catalog, templateRegExp, type BorrowerProfile } from "../test/multi-instance/borrower.js";

/** The benchmark borrower: a demo credit card, job loss, an affordable instalment plan. */
const PROFILE: BorrowerProfile = {
  locale: "zh-CN",
  accountLast4: "8801",
  idLast4: "1234",
  story: "上个月公司裁员，我失业了，现在还不上信用卡",
  income: "6000",
  expenses: "4000",
  affordable: "1500",
  option: 1,
};
const MAX_TURNS = 40;

interface Options {
  borrowers: number;
  /** Turns per borrower; undefined = the whole negotiation. */
  turns: number | undefined;
  replyTimeoutMs: number;
  deadlineS: number;
  only: "both" | "xieshang" | "echo";
}

const USAGE = `usage: npm run bench -- [--borrowers N] [--turns T] [--reply-timeout-ms MS] [--deadline-s S] [--only both|xieshang|echo]
  --borrowers N        concurrent borrowers (default 200)
  --turns T            turns per borrower (default: the whole scripted negotiation, ${MAX_TURNS} at most)
  --reply-timeout-ms   longest wait for one reply (default 20000)
  --deadline-s         stop starting turns after this many seconds (default 240)
  --only               run only one of the two bots (default both)`;

function parseArgs(argv: string[]): Options {
  const opts: Options = { borrowers: 200, turns: undefined, replyTimeoutMs: 20_000, deadlineS: 240, only: "both" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const int = (min: number, max: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number in ${min}..${max}`);
      return n;
    };
    switch (flag) {
      case "--borrowers":
        opts.borrowers = int(1, 5000);
        break;
      case "--turns":
        opts.turns = int(1, MAX_TURNS);
        break;
      case "--reply-timeout-ms":
        opts.replyTimeoutMs = int(100, 120_000);
        break;
      case "--deadline-s":
        opts.deadlineS = int(5, 3600);
        break;
      case "--only": {
        const v = value();
        if (v !== "both" && v !== "xieshang" && v !== "echo") throw new Error("--only must be both, xieshang or echo");
        opts.only = v;
        break;
      }
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return opts;
}

/** The trivial bot: one message back per message, nothing else. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
      await next();
    });
  }
}

interface BotUnderTest {
  name: string;
  bot: BotLike;
  channelMiddleware: Middleware[];
  /** What every borrower sends, turn by turn; may run one conversation against the server first. */
  script(url: string): Promise<Script>;
  /** Regex source: a borrower whose last replies match it ended as expected (the agreement reference). */
  finishedPattern?: string;
}

interface PhaseResult extends LoadResult {
  name: string;
  borrowers: number;
  turnsPerBorrower: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * One phase: Redis stores with their own key prefix on the shared Redis, the bot built on them,
 * startServer on port 0 in this thread; the borrowers run in a worker thread.
 */
async function runPhase(
  redisUrl: string,
  name: string,
  makeSubject: (stores: Stores) => Promise<BotUnderTest>,
  opts: Options,
  deadline: number,
  turnsOverride?: number,
): Promise<PhaseResult> {
  const prefix = `xs-bench:${name}:${randomBytes(4).toString("hex")}:`;
  const config = instanceConfig({ redisUrl });
  const stores = await redisStoresFor(redisUrl, prefix, { commandTimeoutMs: 10_000, lock: { waitMs: 30_000 } });
  let server: RunningServer | undefined;
  try {
    const subject = await makeSubject(stores);
    server = await startServer({ config, log: silentLogger, stores, bot: subject.bot, channelMiddleware: subject.channelMiddleware });
    const fullScript = await subject.script(server.url);
    const turns = Math.min(turnsOverride ?? opts.turns ?? fullScript.length, fullScript.length);
    const load = await runLoadInWorker({
      url: server.url,
      secret: TEST_SECRET,
      borrowers: opts.borrowers,
      script: fullScript.slice(0, turns),
      locale: PROFILE.locale,
      replyTimeoutMs: opts.replyTimeoutMs,
      deadline,
      // Only a full negotiation can end with an agreement.
      ...(subject.finishedPattern && turns === fullScript.length ? { finishedPattern: subject.finishedPattern } : {}),
    });
    return { name, borrowers: opts.borrowers, turnsPerBorrower: turns, ...load };
  } finally {
    await server?.close().catch(() => {});
    await stores.close().catch(() => {});
  }
}

/** One calibration negotiation: records what the scripted borrower sends at each turn. */
async function calibrate(url: string): Promise<Script> {
  const conversation = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: PROFILE.locale });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, PROFILE);
    await session.begin();
    for (let i = 0; i < MAX_TURNS && session.question() !== "agreement.saved"; i++) await session.step();
    if (session.question() !== "agreement.saved") {
      throw new Error(`calibration: no agreement after ${MAX_TURNS} turns (stopped at ${session.question()})`);
    }
    return session.steps.map((s) =>
      s.answer.kind === "type" ? { text: s.answer.text } : s.answer.kind === "click" ? { ...s.answer.payload } : {},
    );
  } finally {
    await stream.close();
  }
}

function summarise(r: PhaseResult) {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return {
    turns: sorted.length,
    tps: r.durationS > 0 ? sorted.length / r.durationS : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

function printTable(results: PhaseResult[], opts: Options): void {
  const headers = ["bot", "borrowers", "turns each", "turns ok", "errors", "finished", "seconds", "turns/s", "p50 ms", "p95 ms", "p99 ms", "max ms"];
  const lines = results.map((r) => {
    const s = summarise(r);
    return [
      r.name,
      String(r.borrowers),
      String(r.turnsPerBorrower),
      `${s.turns}/${r.borrowers * r.turnsPerBorrower}`,
      String(r.errors),
      r.finished === undefined ? "-" : String(r.finished),
      r.durationS.toFixed(2),
      s.tps.toFixed(1),
      s.p50.toFixed(1),
      s.p95.toFixed(1),
      s.p99.toFixed(1),
      s.max.toFixed(1),
    ];
  });
  const widths = headers.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log("");
  console.log(`Direct Line benchmark — ${opts.borrowers} concurrent borrowers, one instance, Redis store, offline classifier`);
  console.log(row(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(row(l));
  const x = results.find((r) => r.name === "xieshang");
  const e = results.find((r) => r.name === "echo");
  if (x && e) {
    const sx = summarise(x);
    const se = summarise(e);
    console.log("");
    console.log(`throughput ratio  xieshang / echo: ${(sx.tps / se.tps).toFixed(2)}  (${sx.tps.toFixed(1)} vs ${se.tps.toFixed(1)} turns/s)`);
    console.log(`p99 latency ratio xieshang / echo: ${(sx.p99 / se.p99).toFixed(2)}  (${sx.p99.toFixed(1)} vs ${se.p99.toFixed(1)} ms)`);
    console.log(`p50 latency ratio xieshang / echo: ${(sx.p50 / se.p50).toFixed(2)}  (${sx.p50.toFixed(1)} vs ${se.p50.toFixed(1)} ms)`);
  }
  for (const r of results) {
    if (r.firstErrors.length > 0) {
      console.log(`\n${r.name}: ${r.errors} error(s)${r.connectFailures ? `, ${r.connectFailures} borrowers failed to connect` : ""}; the first ones:`);
      for (const m of r.firstErrors) console.log(`  - ${m}`);
    }
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const deadline = Date.now() + opts.deadlineS * 1000;
  const hardStop = setTimeout(() => {
    console.error(`bench: still running ${opts.deadlineS + 30} s after the start — giving up`);
    process.exit(2);
  }, (opts.deadlineS + 30) * 1000);
  hardStop.unref();

  const redis: RedisServer | null = await startRedisServer();
  if (!redis) {
    console.error("bench: redis-server is not installed and REDIS_URL is not set (apt-get install redis-server)");
    process.exit(1);
  }
  console.log(`bench: Redis at ${redis.url}${redis.external ? " (REDIS_URL)" : " (started for this run)"}`);

  const agreed = templateRegExp(catalog(PROFILE.locale)["agreement.saved"] ?? "\u0000");
  const results: PhaseResult[] = [];
  try {
    if (opts.only !== "echo") {
      console.log(`bench: xieshang — ${opts.borrowers} borrowers …`);
      results.push(
        await runPhase(
          redis.url,
          "xieshang",
          async (stores) => {
            // As composed for production: the real bot, offline classifier, demo accounts, policy pack.
            const { composeBot } = await import("../src/compose.js");
            const parts = await composeBot(instanceConfig({ redisUrl: redis.url }), silentLogger, stores);
            return {
              name: "xieshang",
              bot: parts.bot,
              channelMiddleware: [parts.transcript],
              script: calibrate,
              finishedPattern: agreed.source,
            };
          },
          opts,
          deadline,
        ),
      );
    }
    if (opts.only !== "xieshang") {
      // As many turns per borrower as Xieshang's borrowers made.
      const turns = results[0]?.turnsPerBorrower || opts.turns || 14;
      console.log(`bench: echo — ${opts.borrowers} borrowers × ${turns} turns …`);
      results.push(
        await runPhase(
          redis.url,
          "echo",
          async () => ({
            name: "echo",
            bot: new EchoBot(),
            channelMiddleware: [],
            script: async () => Array.from({ length: turns }, (_, i) => ({ text: `turn ${i + 1}` })),
          }),
          opts,
          deadline,
          turns,
        ),
      );
    }
  } finally {
    await redis.close();
  }
  printTable(results, opts);
  process.exit(results.some((r) => r.errors > 0) ? 1 : 0);
}

void main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
