/**
 * `npm run bench` — Direct Line capacity and turn latency of Xieshang and of a trivial echo bot on
 * the same server stack (startServer: Direct Line 3.0 REST + WebSocket, Redis stores), in the same
 * run, and the ratios.
 *
 *   npm run bench -- --borrowers 200 --repeat 3 --think-ms 1000-3000
 *
 * Every borrower has its own Direct Line conversation (HTTP POSTs + one WebSocket). Xieshang's
 * borrowers replay a scripted negotiation (a demo credit card, job loss, an instalment plan) that
 * one calibration conversation records first by reading the bot's questions through the message
 * catalogs; the echo bot gets as many turns.
 *
 * Two measured phases per bot:
 *  - CAPACITY: N borrowers in a closed loop with no think time. The server is saturated, so
 *    turns/s is its capacity; the latencies are SATURATION latencies (mostly queueing: by Little's
 *    law ≈ N / throughput) and say nothing about what a borrower experiences.
 *  - PACED: the same N borrowers, each pausing a think time (uniform in --think-ms, seeded) after
 *    every reply, as people do — the offered load of a real population of N. Its p50/p95/p99 is
 *    the turn latency a borrower sees; its turns/s is the achieved (offered) rate.
 *
 * Fairness: both servers are started once, before anything is measured, and both get an
 * unmeasured warm-up round (--warmup borrowers × the script, closed loop); the client side runs in
 * one long-lived worker thread. The measured phases alternate in an ABBA order (echo, xieshang,
 * xieshang, echo, …): --repeat K capacity runs per bot (the median is reported, with the range),
 * then --paced-repeat P paced runs per bot (latencies pooled). Each phase uses fresh
 * conversations and fresh user ids.
 *
 * Turn latency = from just before the POST is sent to the arrival, on that borrower's WebSocket,
 * of the bot's first message replying to it (replyToId). Turns/second = completed turns / wall
 * time of the turn phase (the clock starts once every borrower has connected). The servers run
 * in this thread, the borrowers (bench/load.ts) in a worker thread, so they do not share an event
 * loop (they do share the machine's CPUs, and so does Redis).
 *
 * Redis: REDIS_URL if set, otherwise a redis-server on a free port started by the test harness.
 * Loopback only; the run stops by itself (--deadline-s bounds it, a hard stop 30 s later).
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ActivityHandler, type Middleware, type TurnContext } from "botbuilder";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "../src/log.js";
import { startServer, type RunningServer } from "../src/server.js";
import type { BotLike } from "../src/channels/botframework.js";
import type { Stores } from "../src/store/types.js";
import { startRedisServer, type RedisServer } from "../test/support/redis.js";
import { instanceConfig, redisStoresFor, TEST_SECRET } from "../test/support/instance.js";
import { DirectLineConversation } from "../test/support/directlineClient.js";
import { LoadWorker, type LoadJob, type LoadResult, type Script } from "./load.js";
import { NegotiationSession } from "../test/multi-instance/session.js";
import { CARD_BORROWER_ZH, catalog, templateRegExp } from "../test/multi-instance/borrower.js";

/** The bench's accounts: copies of the demo card under 1000…, one per negotiation (see accountsFile). */
const FIRST_ACCOUNT = 1000;
const PROFILE = { ...CARD_BORROWER_ZH, accountLast4: String(FIRST_ACCOUNT) };
let nextAccount = FIRST_ACCOUNT + 1;
const MAX_TURNS = 40;
/** The issue's targets. */
const TARGET_THROUGHPUT_RATIO = 0.5;
const TARGET_P99_MS = 100;
const TARGET_BORROWERS = 200;

type BotName = "echo" | "xieshang";
type PhaseKind = "capacity" | "paced";

interface Options {
  borrowers: number;
  /** Turns per borrower; undefined = the whole negotiation. */
  turns: number | undefined;
  replyTimeoutMs: number;
  deadlineS: number;
  only: "both" | BotName;
  /** Capacity runs per bot (the median is reported). */
  repeat: number;
  /** Paced runs per bot (latencies pooled); 0 = no paced phase. */
  pacedRepeat: number;
  /** Think time of the paced phase; max 0 = no paced phase. */
  thinkMs: { min: number; max: number };
  seed: number;
  /** Borrowers in the unmeasured warm-up round per bot; undefined = --borrowers; 0 = none. */
  warmup: number | undefined;
  /** Turns per warm-up borrower; undefined = the whole script. */
  warmupTurns: number | undefined;
}

const USAGE = `usage: npm run bench -- [options]
  --borrowers N          concurrent borrowers in every measured phase (default ${TARGET_BORROWERS})
  --turns T              turns per borrower (default: the whole scripted negotiation, ${MAX_TURNS} at most)
  --repeat K             capacity runs per bot, alternating the bots; the median is reported (default 3)
  --paced-repeat P       paced runs per bot, alternating (latencies pooled; default 2; 0 = capacity only)
  --think-ms MIN-MAX     paced think time between turns, uniform, ms (default 1000-3000; a single
                         number = fixed; 0 = no paced phase)
  --seed S               seed of the think-time PRNG (default 1)
  --warmup N             borrowers in the unmeasured warm-up round per bot, closed loop (default: as
                         many as --borrowers, so the first measured run is not a warm-up; 0 = none)
  --warmup-turns T       turns per warm-up borrower (default: the whole script)
  --reply-timeout-ms MS  longest wait for one reply (default 20000)
  --deadline-s S         stop starting turns after this many seconds (default 300; hard stop 30 s later)
  --only both|xieshang|echo   run only one of the two bots (default both)`;

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    borrowers: TARGET_BORROWERS,
    turns: undefined,
    replyTimeoutMs: 20_000,
    deadlineS: 300,
    only: "both",
    repeat: 3,
    pacedRepeat: 2,
    thinkMs: { min: 1000, max: 3000 },
    seed: 1,
    warmup: undefined,
    warmupTurns: undefined,
  };
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
    const whole = (v: string, min: number, max: number): number => {
      const n = Number(v);
      if (v.trim() === "" || !Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be a whole number in ${min}..${max}`);
      return n;
    };
    const int = (min: number, max: number): number => whole(value(), min, max);
    switch (flag) {
      case "--borrowers":
        opts.borrowers = int(1, 5000);
        break;
      case "--turns":
        opts.turns = int(1, MAX_TURNS);
        break;
      case "--repeat":
        opts.repeat = int(1, 20);
        break;
      case "--paced-repeat":
        opts.pacedRepeat = int(0, 20);
        break;
      case "--think-ms": {
        const v = value();
        const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v);
        if (!m) throw new Error(`--think-ms must be MIN-MAX or a number of ms (0 disables the paced phase)`);
        const min = whole(m[1]!, 0, 600_000);
        const max = m[2] === undefined ? min : whole(m[2], 0, 600_000);
        if (max < min) throw new Error("--think-ms: MAX must be at least MIN");
        opts.thinkMs = { min, max };
        break;
      }
      case "--seed":
        opts.seed = int(0, 2 ** 31 - 1);
        break;
      case "--warmup":
        opts.warmup = int(0, 5000);
        break;
      case "--warmup-turns":
        opts.warmupTurns = int(1, MAX_TURNS);
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

const pacedEnabled = (opts: Options) => opts.pacedRepeat > 0 && opts.thinkMs.max > 0;
const thinkLabel = (t: { min: number; max: number }) => (t.min === t.max ? `${t.min} ms` : `${t.min}–${t.max} ms`);

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

/** A bot served for the whole run: its stores (own key prefix on the shared Redis), its server, its script. */
interface Subject {
  name: BotName;
  url: string;
  script: Script;
  /** Regex source: a borrower whose last replies match it ended as expected (the agreement reference). */
  finishedPattern?: string;
  close(): Promise<void>;
}

async function startSubject(
  redisUrl: string,
  name: BotName,
  make: (stores: Stores) => Promise<{ bot: BotLike; channelMiddleware: Middleware[]; script(url: string): Promise<Script>; finishedPattern?: string }>,
): Promise<Subject> {
  const prefix = `xs-bench:${name}:${randomBytes(4).toString("hex")}:`;
  // Every borrower comes from this one address: the per-address limits (and the token limit, which
  // is also per address) would turn the load generator away; the per-conversation limits stay on.
  const config = instanceConfig({
    redisUrl,
    env: { RATE_LIMIT_TOKENS_PER_MINUTE: "0", RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "0", RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: "0" },
  });
  const stores = await redisStoresFor(redisUrl, prefix, { commandTimeoutMs: 10_000, lock: { waitMs: 30_000 } });
  let server: RunningServer | undefined;
  try {
    const parts = await make(stores);
    server = await startServer({ config, log: silentLogger, stores, bot: parts.bot, channelMiddleware: parts.channelMiddleware });
    const script = await parts.script(server.url);
    const running = server;
    return {
      name,
      url: server.url,
      script,
      ...(parts.finishedPattern ? { finishedPattern: parts.finishedPattern } : {}),
      async close() {
        await running.close().catch(() => {});
        await stores.close().catch(() => {});
      },
    };
  } catch (e) {
    await server?.close().catch(() => {});
    await stores.close().catch(() => {});
    throw e;
  }
}

/** One calibration negotiation: records what the scripted borrower sends at each turn. */
async function calibrate(url: string): Promise<Script> {
  const conversation = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: PROFILE.locale });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, PROFILE);
    await session.begin();
    for (let i = 0; i < MAX_TURNS && session.question() !== "agreement.agreed"; i++) await session.step();
    if (session.question() !== "agreement.agreed") {
      throw new Error(`calibration: no agreement after ${MAX_TURNS} turns (stopped at ${session.question()})`);
    }
    // A click is replayed as the words on its button: a card button carries its own card's token,
    // which no other conversation's cards have (POLICY.md §6: an earlier card's button never acts).
    return session.steps.map((s) => (s.answer.kind === "type" ? { text: s.answer.text } : s.answer.kind === "click" ? { text: s.answer.payload.text ?? s.answer.title } : {}));
  } finally {
    await stream.close();
  }
}

/**
 * As many accounts as this run's negotiations (the calibration, the warm-up and every phase): the
 * directory checks every account on each verification, as a constant-time check must, so a
 * directory far larger than the run would only measure the directory.
 */
function accountsNeeded(opts: Options): number {
  const borrowers = opts.borrowers;
  return Math.min(9000, 1 + (opts.warmup ?? borrowers) + borrowers * (opts.repeat + opts.pacedRepeat));
}

/** The next `n` bench accounts (each negotiation that may end in an agreement gets its own). */
function takeAccounts(n: number): number {
  const first = nextAccount;
  nextAccount += n;
  if (nextAccount > 9999) throw new Error("bench: more negotiations than 4-digit bench accounts (at most 9,000)");
  return first;
}

/** An accounts file of `n` copies of the demo card 8801 (ID last 4 "1234"), account numbers 1000…, written once. */
function accountsFile(n: number): string {
  const demo = JSON.parse(readFileSync(new URL("../src/accounts/demo-accounts.json", import.meta.url), "utf8")) as {
    accounts: Array<{ accountId: string; accountLast4: string; idLast4: string; note?: string; account: unknown }>;
  };
  const card = demo.accounts.find((a) => a.accountLast4 === "8801")!;
  const accounts = Array.from({ length: n }, (_, i) => {
    const last4 = String(FIRST_ACCOUNT + i).padStart(4, "0");
    return { ...card, accountId: `bench-card-${last4}`, accountLast4: last4, note: "bench copy of demo-card-8801" };
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "xs-bench-")), "accounts.json");
  writeFileSync(file, JSON.stringify({ accounts }));
  return file;
}

interface PhaseRun {
  bot: BotName;
  kind: PhaseKind;
  /** 1-based repetition of this bot × kind. */
  rep: number;
  borrowers: number;
  turnsPerBorrower: number;
  result: LoadResult;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Stats {
  turns: number;
  tps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(latencies: number[], durationS: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    turns: sorted.length,
    tps: durationS > 0 ? sorted.length / durationS : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** One row per bot × phase kind: capacity = median over its runs; paced = latencies pooled over its runs. */
interface Summary extends Stats {
  bot: BotName;
  kind: PhaseKind;
  runs: number;
  expected: number;
  errors: number;
  finished: number | undefined;
  tpsMin: number;
  tpsMax: number;
  meanThinkMs: number;
}

function summariseGroup(runs: PhaseRun[]): Summary {
  const first = runs[0]!;
  const per = runs.map((r) => stats(r.result.latenciesMs, r.result.durationS));
  const errors = runs.reduce((n, r) => n + r.result.errors, 0);
  const expected = runs.reduce((n, r) => n + r.borrowers * r.turnsPerBorrower, 0);
  const finished = runs.every((r) => r.result.finished === undefined) ? undefined : runs.reduce((n, r) => n + (r.result.finished ?? 0), 0);
  const thinks = runs.reduce((n, r) => n + r.result.thinks, 0);
  const meanThinkMs = thinks > 0 ? runs.reduce((n, r) => n + r.result.thinkTotalMs, 0) / thinks : 0;
  const tpsAll = per.map((s) => s.tps);
  const base = { bot: first.bot, kind: first.kind, runs: runs.length, expected, errors, finished, tpsMin: Math.min(...tpsAll), tpsMax: Math.max(...tpsAll), meanThinkMs };
  if (first.kind === "capacity") {
    return {
      ...base,
      turns: per.reduce((n, s) => n + s.turns, 0),
      tps: median(tpsAll),
      p50: median(per.map((s) => s.p50)),
      p95: median(per.map((s) => s.p95)),
      p99: median(per.map((s) => s.p99)),
      max: Math.max(...per.map((s) => s.max)),
    };
  }
  const pooled = stats(
    runs.flatMap((r) => r.result.latenciesMs),
    runs.reduce((n, r) => n + r.result.durationS, 0),
  );
  return { ...base, ...pooled };
}

function table(headers: string[], lines: string[][], leftCols = 1): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i < leftCols ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(row(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(row(l));
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");

function printReport(runs: PhaseRun[], opts: Options, warmupNote: string): void {
  console.log("");
  console.log(`Every measured phase, in the order run (${warmupNote}):`);
  table(
    ["#", "phase", "bot", "rep", "borrowers", "turns ok", "errors", "finished", "seconds", "turns/s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    runs.map((r, i) => {
      const s = stats(r.result.latenciesMs, r.result.durationS);
      return [
        String(i + 1),
        r.kind,
        r.bot,
        String(r.rep),
        String(r.borrowers),
        `${s.turns}/${r.borrowers * r.turnsPerBorrower}`,
        String(r.result.errors),
        r.result.finished === undefined ? "-" : String(r.result.finished),
        r.result.durationS.toFixed(2),
        f1(s.tps),
        f1(s.p50),
        f1(s.p95),
        f1(s.p99),
        f1(s.max),
      ];
    }),
    3,
  );

  const summaries: Summary[] = [];
  for (const kind of ["capacity", "paced"] as const) {
    for (const bot of ["echo", "xieshang"] as const) {
      const group = runs.filter((r) => r.kind === kind && r.bot === bot);
      if (group.length > 0) summaries.push(summariseGroup(group));
    }
  }
  const get = (bot: BotName, kind: PhaseKind) => summaries.find((s) => s.bot === bot && s.kind === kind);

  console.log("");
  console.log(
    `Direct Line benchmark — ${opts.borrowers} concurrent borrowers, one instance, Redis store, offline classifier, ${runs[0]?.turnsPerBorrower ?? "?"} turns each`,
  );
  console.log(`  capacity = closed loop, no think time: turns/s is the median of ${opts.repeat} run(s) [min–max]; its latencies are SATURATION (queueing) latencies, medians of the runs`);
  if (pacedEnabled(opts)) {
    console.log(
      `  paced    = think time ${thinkLabel(opts.thinkMs)} uniform (seed ${opts.seed}) between turns: latencies pooled over ${opts.pacedRepeat} run(s) — what a borrower sees`,
    );
  }
  table(
    ["phase", "bot", "runs", "turns ok", "errors", "finished", "turns/s", "[min–max]", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    summaries.map((s) => [
      s.kind === "capacity" ? "capacity (saturation)" : `paced (think ${thinkLabel(opts.thinkMs)})`,
      s.bot,
      String(s.runs),
      `${s.turns}/${s.expected}`,
      String(s.errors),
      s.finished === undefined ? "-" : String(s.finished),
      f1(s.tps),
      s.runs > 1 ? `[${f1(s.tpsMin)}–${f1(s.tpsMax)}]` : "",
      f1(s.p50),
      f1(s.p95),
      f1(s.p99),
      f1(s.max),
    ]),
    2,
  );

  const xc = get("xieshang", "capacity");
  const ec = get("echo", "capacity");
  const xp = get("xieshang", "paced");
  const ep = get("echo", "paced");
  console.log("");
  if (xc && ec) {
    console.log(`capacity throughput ratio xieshang / echo: ${(xc.tps / ec.tps).toFixed(2)}  (${f1(xc.tps)} vs ${f1(ec.tps)} turns/s, medians)`);
    console.log(`saturation p99 (queueing, not a borrower's experience): xieshang ${f1(xc.p99)} ms, echo ${f1(ec.p99)} ms`);
  }
  if (xp && ep) {
    console.log(`paced p99 latency xieshang / echo: ${(xp.p99 / ep.p99).toFixed(2)}  (${f1(xp.p99)} vs ${f1(ep.p99)} ms)`);
    console.log(`paced p50 latency xieshang / echo: ${(xp.p50 / ep.p50).toFixed(2)}  (${f1(xp.p50)} vs ${f1(ep.p50)} ms)`);
  }
  for (const p of [xp, ep]) {
    if (!p) continue;
    const cap = get(p.bot, "capacity");
    const load = cap ? ` = ${Math.round((100 * p.tps) / cap.tps)} % of its capacity` : "";
    console.log(`paced load ${p.bot}: ${f1(p.tps)} turns/s achieved (mean think ${Math.round(p.meanThinkMs)} ms)${load}`);
    if (cap && p.tps > 0.8 * cap.tps) console.log(`  warning: ${p.bot}'s paced load is close to its capacity — its paced latencies include queueing`);
  }

  console.log("");
  if (xc && ec) {
    const ratio = xc.tps / ec.tps;
    console.log(
      `target "at least half the echo bot's throughput": ${ratio >= TARGET_THROUGHPUT_RATIO ? "MET" : "NOT MET"} (capacity ratio ${ratio.toFixed(2)}, needs ≥ ${TARGET_THROUGHPUT_RATIO.toFixed(2)})`,
    );
  } else {
    console.log(`target "at least half the echo bot's throughput": not measured (needs both bots' capacity phases)`);
  }
  if (xp) {
    const at = opts.borrowers === TARGET_BORROWERS ? "" : ` — measured at ${opts.borrowers}, not ${TARGET_BORROWERS}, borrowers`;
    console.log(
      `target "p99 under ${TARGET_P99_MS} ms at ${TARGET_BORROWERS} concurrent borrowers": ${xp.p99 < TARGET_P99_MS ? "MET" : "NOT MET"} (xieshang paced p99 ${f1(xp.p99)} ms, think ${thinkLabel(opts.thinkMs)})${at}`,
    );
  } else {
    console.log(`target "p99 under ${TARGET_P99_MS} ms at ${TARGET_BORROWERS} concurrent borrowers": not measured (needs xieshang's paced phase)`);
  }

  for (const r of runs) {
    if (r.result.firstErrors.length > 0) {
      console.log(
        `\n${r.kind} ${r.bot} #${r.rep}: ${r.result.errors} error(s)${r.result.connectFailures ? `, ${r.result.connectFailures} borrowers failed to connect` : ""}; the first ones:`,
      );
      for (const m of r.result.firstErrors) console.log(`  - ${m}`);
    }
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const deadline = t0 + opts.deadlineS * 1000;
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

  const agreed = templateRegExp(catalog(PROFILE.locale)["agreement.agreed"] ?? "\u0000");
  const subjects = new Map<BotName, Subject>();
  const runs: PhaseRun[] = [];
  const worker = new LoadWorker();
  let turns = 0;
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  try {
    // Both servers first, before anything is measured.
    if (opts.only !== "echo") {
      subjects.set(
        "xieshang",
        await startSubject(redis.url, "xieshang", async (stores) => {
          // As composed for production: the real bot, offline classifier, demo accounts, policy pack.
          const { composeBot } = await import("../src/compose.js");
          const parts = await composeBot(instanceConfig({ redisUrl: redis.url, env: { ACCOUNTS_FILE: accountsFile(accountsNeeded(opts)) } }), silentLogger, stores);
          return { bot: parts.bot, channelMiddleware: [parts.transcript], script: calibrate, finishedPattern: agreed.source };
        }),
      );
    }
    const fullXieshang = subjects.get("xieshang")?.script.length;
    turns = Math.min(opts.turns ?? fullXieshang ?? 13, fullXieshang ?? MAX_TURNS);
    if (opts.only !== "xieshang") {
      // As many turns per borrower as Xieshang's borrowers make.
      subjects.set(
        "echo",
        await startSubject(redis.url, "echo", async () => ({
          bot: new EchoBot(),
          channelMiddleware: [],
          script: async () => Array.from({ length: turns }, (_, i) => ({ text: `turn ${i + 1}` })),
        })),
      );
    }

    const job = (subject: Subject, borrowers: number, n: number, label: string, paced: boolean): LoadJob => ({
      url: subject.url,
      secret: TEST_SECRET,
      borrowers,
      script: subject.script.slice(0, n),
      locale: PROFILE.locale,
      replyTimeoutMs: opts.replyTimeoutMs,
      deadline,
      label,
      seed: opts.seed,
      ...(paced ? { thinkMs: opts.thinkMs } : {}),
      // Only a full negotiation can end with an agreement.
      ...(subject.finishedPattern && n === subject.script.length ? { finishedPattern: subject.finishedPattern } : {}),
      ...(subject.name === "xieshang" ? { accounts: { text: PROFILE.accountLast4, first: takeAccounts(borrowers) } } : {}),
    });

    // Unmeasured warm-up: the server's code paths (and the client's) JIT-compiled, pools filled.
    // A small round (20 borrowers) was not enough: the first measured run at 200 came out at 40-60 %
    // of the later ones, so by default the warm-up is a full-size closed-loop round.
    const warmupTurns = Math.min(opts.warmupTurns ?? turns, turns);
    const warmupBorrowers = opts.warmup ?? opts.borrowers;
    let warmupNote = "no warm-up";
    if (warmupBorrowers > 0) {
      for (const subject of subjects.values()) {
        const w = await worker.run(job(subject, warmupBorrowers, warmupTurns, `warmup_${subject.name}`, false));
        console.log(
          `bench: [${elapsed()}] warm-up ${subject.name} — ${warmupBorrowers} borrowers × ${warmupTurns} turns, ${w.latenciesMs.length} turns in ${w.durationS.toFixed(1)} s (${f1(w.latenciesMs.length / w.durationS)} turns/s)${w.errors ? `, ${w.errors} error(s): ${w.firstErrors[0]}` : ""} — not measured`,
        );
        await sleep(500);
      }
      warmupNote = `after an unmeasured closed-loop warm-up of ${warmupBorrowers} borrowers × ${warmupTurns} turns per bot`;
    }

    // ABBA: the bots alternate which goes first, capacity runs then paced runs.
    const bots = (["echo", "xieshang"] as const).filter((b) => subjects.has(b));
    const schedule: Array<{ bot: BotName; kind: PhaseKind; rep: number }> = [];
    let k = 0;
    const add = (kind: PhaseKind, reps: number) => {
      for (let r = 1; r <= reps; r++, k++) {
        for (const bot of k % 2 === 0 ? bots : [...bots].reverse()) schedule.push({ bot, kind, rep: r });
      }
    };
    add("capacity", opts.repeat);
    if (pacedEnabled(opts)) add("paced", opts.pacedRepeat);

    for (const [i, step] of schedule.entries()) {
      const subject = subjects.get(step.bot)!;
      const paced = step.kind === "paced";
      console.log(
        `bench: [${elapsed()}] ${i + 1}/${schedule.length} ${step.kind} ${step.bot} #${step.rep} — ${opts.borrowers} borrowers × ${turns} turns${paced ? `, think ${thinkLabel(opts.thinkMs)}` : ", no think time"} …`,
      );
      const result = await worker.run(job(subject, opts.borrowers, turns, `${step.kind}${step.rep}_${step.bot}`, paced));
      runs.push({ ...step, borrowers: opts.borrowers, turnsPerBorrower: turns, result });
      // Let the closed sockets and their unsubscriptions settle before the next phase.
      await sleep(500);
    }
    console.log(`bench: [${elapsed()}] done`);
    printReport(runs, opts, warmupNote);
  } finally {
    await worker.close().catch(() => {});
    for (const s of subjects.values()) await s.close();
    await redis.close();
  }
  process.exit(runs.some((r) => r.result.errors > 0) ? 1 : 0);
}

void main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
