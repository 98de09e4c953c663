/**
 * Redis going away and coming back: at start-up (fail fast, clear message, no retrying in the
 * background) and while running (operations fail promptly with "unavailable", nothing crashes,
 * service resumes by itself when Redis returns).
 */
import net from "node:net";
import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { createStores } from "../../src/store/index.js";
import { createRedisStores } from "../../src/store/redis/index.js";
import type { Stores } from "../../src/store/types.js";
import { freePort, useRedisServer } from "../support/redis.js";
import { eventually, quiet, sampleAgreement, sampleHandoff } from "./backends.js";

async function rejection(promise: Promise<unknown>): Promise<XieshangError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(XieshangError);
    return error as XieshangError;
  }
  throw new Error("expected a rejection");
}

/** A TCP server that counts connections and either drops them at once or never answers. */
async function fakeServer(mode: "drop" | "silent"): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => {});
    if (mode === "drop") socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("Redis unreachable at start-up", function () {
  this.timeout(5000);

  it("when nothing listens at REDIS_URL, then createRedisStores rejects with 'unavailable' naming host and port", async () => {
    const port = await freePort();
    const error = await rejection(createRedisStores(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 500, log: quiet }));
    expect(error.code).to.equal("unavailable");
    expect(error.message).to.match(new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} is unreachable: .+`));
    expect(error.message).to.contain("ECONNREFUSED");
  });

  it("when the URL carries a password, then the error message does not", async () => {
    const port = await freePort();
    const error = await rejection(
      createRedisStores(`redis://admin:Sup3rS3cretPw@127.0.0.1:${port}/0`, { connectTimeoutMs: 300, log: quiet }),
    );
    expect(error.message).to.contain(`127.0.0.1:${port}`);
    expect(error.message).to.not.contain("Sup3rS3cretPw");
    expect(error.message).to.not.contain("admin");
  });

  it("when Redis accepts connections but never answers, then start-up still rejects within the timeout", async () => {
    const silent = await fakeServer("silent");
    try {
      const error = await rejection(createRedisStores(`redis://127.0.0.1:${silent.port}`, { connectTimeoutMs: 400, log: quiet }));
      expect(error.code).to.equal("unavailable");
      expect(error.message).to.contain(`Redis at 127.0.0.1:${silent.port} is unreachable`);
    } finally {
      await silent.close();
    }
  });

  it("when start-up has failed, then the client stops trying to connect", async () => {
    const dropping = await fakeServer("drop");
    try {
      await rejection(createRedisStores(`redis://127.0.0.1:${dropping.port}`, { connectTimeoutMs: 1000, log: quiet }));
      // The server may see the client's connection a moment after the client gave up (a busy CI machine).
      await eventually(async () => (dropping.connections() > 0 ? true : undefined), 3000);
      const attempts = dropping.connections();
      await new Promise((r) => setTimeout(r, 600)); // a retrying client would have come back by now
      expect(dropping.connections()).to.equal(attempts);
    } finally {
      await dropping.close();
    }
  });

  it("when createStores is given an unreachable REDIS_URL, then it rejects with 'unavailable' instead of using memory", async () => {
    const port = await freePort();
    const error = await rejection(createStores({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_CONNECT_TIMEOUT_MS: 300 }));
    expect(error.code).to.equal("unavailable");
  });

  it("when createStores has no REDIS_URL, then it gives the in-memory stores", async () => {
    const stores = await createStores({ REDIS_URL: undefined, REDIS_CONNECT_TIMEOUT_MS: 300 });
    expect(stores.kind).to.equal("memory");
    expect(await stores.healthy()).to.equal(true);
    await stores.close();
  });
});

describe("Redis lost while running", function () {
  this.timeout(15000);
  const server = useRedisServer({ needsOwnServer: true });
  let stores: Stores | undefined;
  let peer: Stores | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(() => process.on("unhandledRejection", onUnhandled));
  after(() => process.off("unhandledRejection", onUnhandled));
  afterEach(async () => {
    await stores?.close();
    await peer?.close();
    stores = peer = undefined;
    await server().start(); // leave the server up for the next test
  });

  it("when createStores has a reachable REDIS_URL, then it gives the Redis stores", async () => {
    stores = await createStores({ REDIS_URL: server().url, REDIS_CONNECT_TIMEOUT_MS: 3000 });
    expect(stores.kind).to.equal("redis");
    expect(await stores.healthy()).to.equal(true);
  });

  it("when Redis stops, then every kind of operation rejects promptly with 'unavailable' and healthy() is false", async function () {
    this.timeout(8000); // "promptly": well under the minutes an offline queue would wait
    stores = await createRedisStores(server().url, { connectTimeoutMs: 2000, commandTimeoutMs: 1000, maxReconnectDelayMs: 200, prefix: "xs-outage-1:", log: quiet });
    await stores.storage.write({ k: { v: 1 } });
    await server().stop();

    const s = stores;
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["storage.read", () => s.storage.read(["k"])],
      ["storage.write", () => s.storage.write({ k: { v: 2 } })],
      ["storage.delete", () => s.storage.delete(["k"])],
      ["lock.withLock", () => s.lock.withLock("c", async () => "ran")],
      ["transcripts.append", () => s.transcripts.append("c", { text: "hi" })],
      ["transcripts.read", () => s.transcripts.read("c")],
      ["notifier.publish", () => s.notifier.publish("t", "m")],
      ["notifier.subscribe", () => s.notifier.subscribe("t2", () => {})],
      ["references.get", () => s.references.get("c")],
      ["agreements.save", () => s.agreements.save(sampleAgreement())],
      ["agreements.list", () => s.agreements.listByConversation("c")],
      ["handoffs.enqueue", () => s.handoffs.enqueue(sampleHandoff())],
      ["handoffs.listOpen", () => s.handoffs.listOpen()],
    ];
    for (const [name, attempt] of attempts) {
      const error = await rejection(attempt());
      expect(error.code, name).to.equal("unavailable");
      expect(error.message, name).to.contain(`127.0.0.1:${server().port}`);
    }
    expect(await stores.healthy()).to.equal(false);
    expect(unhandled).to.deep.equal([]);
  });

  it("when Redis comes back on the same port, then the same stores work again, subscriptions included", async () => {
    stores = await createRedisStores(server().url, { connectTimeoutMs: 2000, commandTimeoutMs: 1000, maxReconnectDelayMs: 200, prefix: "xs-outage-2:", log: quiet });
    peer = await createRedisStores(server().url, { connectTimeoutMs: 2000, commandTimeoutMs: 1000, maxReconnectDelayMs: 200, prefix: "xs-outage-2:", log: quiet });
    const received: string[] = [];
    await stores.notifier.subscribe("wake", (m) => received.push(m));

    await server().stop();
    const error = await rejection(stores.storage.read(["k"]));
    expect(error.code).to.equal("unavailable");
    await server().start();

    const s = stores;
    const p = peer;
    await eventually(async () => ((await s.healthy()) && (await p.healthy()) ? true : undefined), 10000);
    await stores.storage.write({ k: { v: 3 } });
    expect((await peer.storage.read(["k"])).k.v).to.equal(3);
    expect(await stores.lock.withLock("c", async () => "ran")).to.equal("ran");
    const id = await stores.transcripts.append("c", { text: "after" });
    expect((await peer.transcripts.read("c")).map((e) => e.id)).to.deep.equal([id]);
    // the subscriber connection re-subscribed by itself
    await eventually(async () => {
      await p.notifier.publish("wake", "up");
      return received.includes("up") ? true : undefined;
    }, 10000, 100);
    expect(unhandled).to.deep.equal([]);
  });

  it("when stores are closed during an outage, then close() returns and nothing keeps retrying", async () => {
    stores = await createRedisStores(server().url, { connectTimeoutMs: 2000, maxReconnectDelayMs: 200, prefix: "xs-outage-3:", log: quiet });
    await server().stop();
    await rejection(stores.references.get("c"));
    await stores.close();
    expect(await stores.healthy()).to.equal(false);
    const error = await rejection(stores.references.get("c"));
    expect(error.code).to.equal("unavailable");
  });
});
