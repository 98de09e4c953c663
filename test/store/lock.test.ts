import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { describeBackends } from "./backends.js";

/** A promise plus its resolver: lets a test decide when a held lock is let go (no timing). */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describeBackends("TurnLock", (backend) => {
  it("when two turns on one conversation run concurrently, then they run one after the other", async () => {
    const { lock } = await backend().fresh();
    const events: string[] = [];
    const turn = (name: string) =>
      lock.withLock("conv-1", async () => {
        events.push(`${name}:start`);
        for (let i = 0; i < 5; i++) await tick();
        events.push(`${name}:end`);
        return name;
      });
    const results = await Promise.all([turn("a"), turn("b")]);
    expect(results).to.deep.equal(["a", "b"]);
    expect(events).to.deep.equal(["a:start", "a:end", "b:start", "b:end"]);
  });

  it("when a turn holds one conversation, then a turn on another conversation is not blocked", async () => {
    const { lock } = await backend().fresh();
    const held = gate();
    const entered = gate();
    const first = lock.withLock("conv-A", async () => {
      entered.open();
      await held.promise;
    });
    await entered.promise;
    const other = await lock.withLock("conv-B", async () => "ran");
    expect(other).to.equal("ran");
    held.open();
    await first;
  });

  it("when the turn throws, then the error reaches the caller and the lock is released", async () => {
    const { lock } = await backend().fresh();
    let caught: unknown;
    await lock
      .withLock("conv-1", async () => {
        throw new Error("boom");
      })
      .catch((e: unknown) => (caught = e));
    expect((caught as Error).message).to.equal("boom");
    expect(await lock.withLock("conv-1", async () => 42)).to.equal(42);
  });

  it("when many turns from two instances update one conversation, then none overlap and no update is lost", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.storage.write({ counter: { n: 0 } });
    let active = 0;
    let maxActive = 0;
    const turn = (stores: typeof a) =>
      stores.lock.withLock("conv-shared", async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        const { counter } = await stores.storage.read(["counter"]);
        await tick();
        // botbuilder's BotState writes with eTag "*": only the lock prevents lost updates
        await stores.storage.write({ counter: { n: counter.n + 1, eTag: "*" } });
        active--;
      });
    const turns = [];
    for (let i = 0; i < 10; i++) turns.push(turn(a), turn(b));
    await Promise.all(turns);
    expect(maxActive).to.equal(1);
    expect((await a.storage.read(["counter"])).counter.n).to.equal(20);
  });

  it("when the lock is held past the wait bound, then the waiter fails with 'unavailable'", async () => {
    const a = await backend().fresh({ lock: { waitMs: 200 } });
    const b = await backend().peer(a, { lock: { waitMs: 200 } });
    const held = gate();
    const entered = gate();
    const first = a.lock.withLock("conv-1", async () => {
      entered.open();
      await held.promise;
    });
    await entered.promise;
    let caught: unknown;
    await b.lock.withLock("conv-1", async () => "never").catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(XieshangError);
    expect((caught as XieshangError).code).to.equal("unavailable");
    held.open();
    await first;
    expect(await b.lock.withLock("conv-1", async () => "after")).to.equal("after");
  });
});

// Memory is one process: there is no second instance to die or to renew against.
describeBackends("TurnLock across instances", (backend) => {
  it("when a turn outlives the lock's ttl, then renewal keeps other instances out", async () => {
    // Waits 2.5 TTLs: without renewal the lock would have expired; slack of 2/3 TTL for a loaded machine.
    const a = await backend().fresh({ lock: { ttlMs: 600, waitMs: 3000 } });
    const b = await backend().peer(a, { lock: { ttlMs: 600, waitMs: 1500 } });
    const held = gate();
    const entered = gate();
    const first = a.lock.withLock("conv-1", async () => {
      entered.open();
      await held.promise;
    });
    await entered.promise;
    let caught: unknown;
    await b.lock.withLock("conv-1", async () => "too early").catch((e: unknown) => (caught = e));
    expect((caught as XieshangError | undefined)?.code).to.equal("unavailable");
    held.open();
    await first;
  });

  it("when the holding instance dies mid-turn, then the lock frees itself after its ttl", async () => {
    const a = await backend().fresh({ lock: { ttlMs: 200, waitMs: 5000 } });
    const b = await backend().peer(a, { lock: { ttlMs: 200, waitMs: 5000 } });
    const entered = gate();
    const never = gate();
    void a.lock.withLock("conv-1", async () => {
      entered.open();
      await never.promise; // this turn never finishes: its instance is gone
    }).catch(() => {});
    await entered.promise;
    await a.close();
    expect(await b.lock.withLock("conv-1", async () => "taken over")).to.equal("taken over");
    never.open();
  });
}, { only: ["redis"] });
