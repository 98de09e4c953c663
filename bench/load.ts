/**
 * The benchmark's load generator: N borrowers, each with its own Direct Line conversation (HTTP
 * POSTs + one WebSocket), replaying a script as fast as the bot answers. It runs in a worker
 * thread so that the clients do not share an event loop with the server being measured.
 */
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { DirectLineConversation, type ActivityStream, type DirectLineActivity } from "../test/support/directlineClient.js";
import { readable } from "../test/multi-instance/borrower.js";

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
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  firstErrors: string[];
  durationS: number;
  connectFailures: number;
  finished: number | undefined;
}

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
  };
  const fail = (e: unknown) => {
    result.errors++;
    if (result.firstErrors.length < 5) result.firstErrors.push(e instanceof Error ? e.message : String(e));
  };
  const finished = job.finishedPattern === undefined ? undefined : new RegExp(job.finishedPattern);

  // Connect every borrower first (conversation + WebSocket), then start the clock.
  const connected = await Promise.all(
    Array.from({ length: job.borrowers }, async (_, i) => {
      try {
        const conv = await DirectLineConversation.start(job.url, { secret: job.secret, userId: `dl_bench_${i}`, locale: job.locale, timeoutMs: 60_000 });
        const stream = await conv.openStream();
        return { conv, stream, clock: replyClock(stream) };
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
    borrowers.map(async ({ conv, stream, clock }) => {
      try {
        let lastId: string | undefined;
        for (const turn of job.script) {
          if (Date.now() > job.deadline) throw new Error("deadline reached: turn not started");
          const activity = conv.message(String(turn.text ?? ""), { ...turn, locale: job.locale });
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

/** Runs the job in a worker thread (TypeScript loaded through tsx there too). */
export function runLoadInWorker(job: LoadJob): Promise<LoadResult> {
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: job });
    let settled = false;
    worker.once("message", (m: LoadResult) => {
      settled = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", (e) => {
      settled = true;
      reject(e);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the load worker exited with code ${code} before reporting`));
    });
  });
}

if (!isMainThread && workerData && parentPort) {
  const port = parentPort;
  runLoad(workerData as LoadJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => {
      throw e;
    },
  );
}
