import { expect } from "chai";
import { XieshangError } from "../../src/errors.js";
import { KeyedMutex } from "../../src/store/memory/mutex.js";

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("KeyedMutex", () => {
  it("when waiters queue on a key, then they get it in arrival order", async () => {
    const mutex = new KeyedMutex();
    const order: number[] = [];
    const held = gate();
    const first = mutex.run("k", async () => {
      order.push(0);
      await held.promise;
    });
    const rest = [1, 2, 3].map((n) => mutex.run("k", async () => void order.push(n)));
    held.open();
    await Promise.all([first, ...rest]);
    expect(order).to.deep.equal([0, 1, 2, 3]);
  });

  it("when a waiter gives up, then it never runs and those behind it still get their turn", async () => {
    const mutex = new KeyedMutex();
    const held = gate();
    const ran: string[] = [];
    const first = mutex.run("k", async () => {
      ran.push("first");
      await held.promise;
    });
    const impatient = mutex.run("k", async () => void ran.push("impatient"), 30);
    const patient = mutex.run("k", async () => void ran.push("patient"));
    let caught: unknown;
    await impatient.catch((e: unknown) => (caught = e));
    expect((caught as XieshangError).code).to.equal("unavailable");
    held.open();
    await Promise.all([first, patient]);
    expect(ran).to.deep.equal(["first", "patient"]);
  });

  it("when every holder has released, then the key is forgotten", async () => {
    const mutex = new KeyedMutex();
    await Promise.all(["a", "b", "a"].map((k) => mutex.run(k, async () => {})));
    await new Promise((r) => setImmediate(r));
    expect(mutex.size).to.equal(0);
  });
});
