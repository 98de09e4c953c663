/**
 * The benchmark's load generator: N borrowers, each with its own Direct Line conversation (HTTP
 * POSTs + one WebSocket), replaying a script. It runs in a worker thread so that the clients do
 * not share an event loop with the server being measured; one worker serves every phase of a run
 * (LoadWorker), so the client side is as warm for the last phase as for the first.
 *
 * Two ways to drive the server:
 *  - closed loop, no think time (thinkMs absent or max 0): every borrower posts its next turn as
 *    soon as the reply to the previous one arrives — the server is saturated, turns/s is its
 *    capacity, and latency is mostly queueing (Little's law: borrowers / throughput).
 *  - paced (thinkMs {min,max}): a borrower pauses a think time, uniform in [min, max] ms, after
 *    each reply; its first turn starts after a uniform [0, max] ms offset so that the borrowers
 *    do not all post at the same instant. The draws come from a seeded PRNG, one stream per
 *    borrower, so a given seed gives every bot the same think times whatever the scheduling.
 */
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { DirectLineConversation, type ActivityStream, type DirectLineActivity } from "../test/support/directlineClient.js";
import { readable } from "../test/multi-instance/borrower.js";
import { mulberry32 } from "../src/random.js";

export type Script = Array<Partial<DirectLineActivity>>;

export interface LoadJob {
  url: string;
  secret: string;
  borrowers: number;
  script: Script;
  locale: string;
  replyTimeoutMs: number;
  /** Epoch ms after which no new turn starts. */
  deadline: number;
  /** When set: a borrower "finished" if a reply to its last turn matches this regex source. */
  finishedPattern?: string;
  /** Think time between turns (uniform, ms). Absent or max 0: closed loop, no think time. */
  thinkMs?: { min: number; max: number };
  /** Seed of the think-time PRNG. */
  seed?: number;
  /** Makes user ids unique per phase (user state must not carry over between phases). */
  label?: string;
  /**
   * One account per borrower: borrower i types `first + i` (4 digits) wherever the script says
   * `text` — an account with an arrangement goes to a person (POLICY.md §5a), so every negotiation
   * that ends in an agreement needs an account of its own.
   */
  accounts?: { text: string; first: number };
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  firstErrors: string[];
  /** Wall time of the turn phase: from the moment every borrower is connected until the last one is done. */
  durationS: number;
  connectFailures: number;
  finished: number | undefined;
  /** Sum of the think times actually slept (ms), to report the mean think time. */
  thinkTotalMs: number;
  thinks: number;
}


/** An independent PRNG stream for borrower i of a run seeded with `seed`. */
function borrowerRandom(seed: number, i: number): () => number {
  return mulberry32(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Timestamps every bot message by the activity it replies to, as it arrives on the WebSocket. */
function replyClock(stream: ActivityStream) {
  const arrived = new Map<string, { at: number; activities: DirectLineActivity[] }>();
  const waiting = new Map<string, () => void>();
  stream.onActivity = (a) => {
    if (a.type !== "message" || a.from?.role === "user" || !a.replyToId) return;
    const entry = arrived.get(a.replyToId);
    if (entry) entry.activities.push(a);
    else arrived.set(a.replyToId, { at: performance.now(), activities: [a] });
    waiting.get(a.replyToId)?.();
  };
  return {
    arrived,
    async first(id: string, timeoutMs: number): Promise<{ at: number; activities: DirectLineActivity[] }> {
      const have = arrived.get(id);
      if (have) return have;
      let timer: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          waiting.set(id, resolve);
          timer = setTimeout(() => reject(new Error(`no reply to a turn within ${timeoutMs} ms`)), timeoutMs);
        });
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
      return arrived.get(id)!;
    },
  };
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const result: LoadResult = {
    latenciesMs: [],
    errors: 0,
    firstErrors: [],
    durationS: 0,
    connectFailures: 0,
    finished: job.finishedPattern === undefined ? undefined : 0,
    thinkTotalMs: 0,
    thinks: 0,
  };
  const fail = (e: unknown) => {
    result.errors++;
    if (result.firstErrors.length < 5) result.firstErrors.push(e instanceof Error ? e.message : String(e));
  };
  const finished = job.finishedPattern === undefined ? undefined : new RegExp(job.finishedPattern);
  const paced = job.thinkMs !== undefined && job.thinkMs.max > 0;
  const think = job.thinkMs ?? { min: 0, max: 0 };
  const seed = job.seed ?? 1;
  const label = job.label ?? "run";

  // Connect every borrower first (conversation + WebSocket), then start the clock.
  const connected = await Promise.all(
    Array.from({ length: job.borrowers }, async (_, i) => {
      try {
        const conv = await DirectLineConversation.start(job.url, { secret: job.secret, userId: `dl_bench_${label}_${i}`, locale: job.locale, timeoutMs: 60_000 });
        const stream = await conv.openStream();
        return { i, conv, stream, clock: replyClock(stream) };
      } catch (e) {
        result.connectFailures++;
        fail(e);
        return undefined;
      }
    }),
  );
  const borrowers = connected.filter((b) => b !== undefined);

  const start = performance.now();
  await Promise.all(
    borrowers.map(async ({ i, conv, stream, clock }) => {
      const random = borrowerRandom(seed, i);
      try {
        let lastId: string | undefined;
        // Paced: a random arrival offset in [0, max] so the first turns are spread out too.
        if (paced) await sleep(random() * think.max);
        for (const [t, turn] of job.script.entries()) {
          if (paced && t > 0) {
            const ms = think.min + random() * (think.max - think.min);
            result.thinkTotalMs += ms;
            result.thinks++;
            await sleep(ms);
          }
          if (Date.now() > job.deadline) throw new Error("deadline reached: turn not started");
          const words = job.accounts && turn.text === job.accounts.text ? String(job.accounts.first + i).padStart(4, "0") : turn.text;
          const activity = conv.message(String(words ?? ""), { ...turn, ...(words === undefined ? {} : { text: words }), locale: job.locale });
          if (turn.text === undefined) delete activity.text;
          const sent = performance.now();
          const posted = await conv.postActivity(activity);
          if (posted.status < 200 || posted.status >= 300 || !posted.id) {
            throw new Error(`POST answered ${posted.status}: ${posted.body.slice(0, 200)}`);
          }
          const reply = await clock.first(posted.id, job.replyTimeoutMs);
          result.latenciesMs.push(reply.at - sent);
          lastId = posted.id;
        }
        if (finished && lastId) {
          const id = lastId;
          const done = () => (clock.arrived.get(id)?.activities ?? []).some((a) => finished.test(readable(a)));
          await stream
            .waitUntil(done, 5_000, "the end of the negotiation")
            .then(() => (result.finished! += 1))
            .catch(() => fail(new Error("the negotiation did not end as expected (no agreement reference)")));
        }
      } catch (e) {
        fail(e);
      } finally {
        await stream.close();
      }
    }),
  );
  result.durationS = (performance.now() - start) / 1000;
  return result;
}

/**
 * One worker thread (TypeScript loaded through tsx there too) that runs load jobs one after the
 * other, for the whole benchmark run.
 */
export class LoadWorker {
  private readonly worker: Worker;
  private pending: { resolve: (r: LoadResult) => void; reject: (e: Error) => void } | undefined;
  private dead: Error | undefined;

  constructor() {
    const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    this.worker = new Worker(code, { eval: true, workerData: { loadWorker: true } });
    this.worker.on("message", (m: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      const p = this.pending;
      this.pending = undefined;
      if (!p) return;
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`load worker: ${m.error}`));
    });
    this.worker.on("error", (e) => this.die(e));
    this.worker.on("exit", (code) => this.die(new Error(`the load worker exited with code ${code}`)));
  }

  private die(e: Error): void {
    this.dead ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }

  run(job: LoadJob): Promise<LoadResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error("LoadWorker runs one job at a time"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

if (!isMainThread && (workerData as { loadWorker?: boolean } | undefined)?.loadWorker && parentPort) {
  const port = parentPort;
  port.on("message", (job: LoadJob) => {
    runLoad(job).then(
      (result) => port.postMessage({ ok: true, result }),
      (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
