/**
 * The Redis backend's cheaper paths keep their guarantees: scripts go by SHA (EVALSHA) and survive
 * a SCRIPT FLUSH or a restarted server (NOSCRIPT → EVAL once), and without node-redis' per-command
 * timers an operation on a connection that stopped answering still fails promptly with
 * "unavailable" (and the stores work again once it answers).
 */
import net from "node:net";
import { expect } from "chai";
import { createClient } from "redis";
import { XieshangError } from "../../src/errors.js";
import { createRedisStores } from "../../src/store/redis/index.js";
import type { Stores } from "../../src/store/types.js";
import { describeBackends, quiet, sampleAgreement, sampleHandoff } from "./backends.js";

const rawClient = (url: string) => createClient({ url });

async function withRawClient<T>(url: string, fn: (client: ReturnType<typeof rawClient>) => Promise<T>): Promise<T> {
  const client = rawClient(url);
  client.on("error", quiet);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A TCP relay to Redis that can stop passing bytes (both ways) while keeping the sockets open: a half-open link. */
async function freezableProxy(target: { host: string; port: number }) {
  let frozen = false;
  const held: Array<() => void> = [];
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) =>
    from.on("data", (chunk) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      for (const send of held.splice(0)) send();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describeBackends(
  "Redis scripts by SHA",
  (backend) => {
    it("when Redis' script cache is flushed, then every scripted operation still works (NOSCRIPT falls back to EVAL)", async () => {
      const stores = await backend().fresh();
      await stores.storage.write({ k: { v: 1 } });
      await stores.lock.withLock("c", async () => "ran");
      await withRawClient(backend().server().url, (c) => c.scriptFlush());

      await stores.storage.write({ k: { v: 2 } });
      expect((await stores.storage.read(["k"])).k.v).to.equal(2);
      expect(await stores.lock.withLock("c", async () => "again")).to.equal("again");
      // the lock was released by the (re-loaded) release script: a second holder gets it at once
      expect(await stores.lock.withLock("c", async () => "third")).to.equal("third");
      await stores.agreements.save(sampleAgreement());
      expect(await stores.agreements.listByConversation("conv-1")).to.have.length(1);
      const request = sampleHandoff();
      await stores.handoffs.enqueue(request);
      await withRawClient(backend().server().url, (c) => c.scriptFlush());
      await stores.handoffs.setStatus(request.id, "closed");
      expect(await stores.handoffs.activeFor(request.conversationId)).to.equal(null);
    });

    it("when a script has run once, then Redis has it cached (later calls send its SHA, not its text)", async () => {
      const stores = await backend().fresh();
      await withRawClient(backend().server().url, (c) => c.scriptFlush());
      await stores.storage.write({ k: { v: 1 } });
      const before = await withRawClient(backend().server().url, (c) => c.info("commandstats"));
      await stores.storage.write({ k: { v: 2 } });
      await stores.storage.write({ k: { v: 3 } });
      const after = await withRawClient(backend().server().url, (c) => c.info("commandstats"));
      const calls = (info: unknown, cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(String(info))?.[1] ?? 0);
      expect(calls(after, "evalsha") - calls(before, "evalsha")).to.be.at.least(2);
    });
  },
  { only: ["redis"] },
);

describeBackends(
  "Redis that stops answering (half-open connection)",
  (backend) => {
    let stores: Stores | undefined;
    let proxy: Awaited<ReturnType<typeof freezableProxy>> | undefined;
    afterEach(async () => {
      proxy?.thaw();
      await stores?.close();
      await proxy?.close();
      stores = proxy = undefined;
    });

    it("when Redis stops answering, then operations reject with 'unavailable' within about the command timeout, and work again once it answers", async function () {
      this.timeout(10_000);
      const server = backend().server();
      proxy = await freezableProxy({ host: new URL(server.url).hostname || "127.0.0.1", port: server.port });
      stores = await createRedisStores(proxy.url, { connectTimeoutMs: 2000, commandTimeoutMs: 300, maxReconnectDelayMs: 200, prefix: `xs-frozen-${Date.now()}:`, log: quiet });
      await stores.storage.write({ k: { v: 1 } });
      proxy.freeze();
      const s = stores;
      for (const [name, attempt] of [
        ["storage.read", () => s.storage.read(["k"])],
        ["storage.write", () => s.storage.write({ k: { v: 2 } })],
        ["transcripts.append", () => s.transcripts.append("c", { type: "message" })],
        ["lock.withLock", () => s.lock.withLock("c", async () => "ran")],
      ] as Array<[string, () => Promise<unknown>]>) {
        const started = Date.now();
        let error: unknown;
        try {
          await attempt();
        } catch (e) {
          error = e;
        }
        const took = Date.now() - started;
        expect(error, name).to.be.instanceOf(XieshangError);
        expect((error as XieshangError).code, name).to.equal("unavailable");
        expect(took, `${name} took ${took} ms`).to.be.at.least(250).and.below(1500);
      }
      expect(await stores.healthy()).to.equal(false);
      proxy.thaw();
      await stores.storage.write({ k: { v: 3 } });
      expect((await stores.storage.read(["k"])).k.v).to.equal(3);
      expect(await stores.healthy()).to.equal(true);
    });
  },
  { only: ["redis"] },
);
