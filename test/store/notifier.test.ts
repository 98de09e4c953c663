import { expect } from "chai";
import { describeBackends, eventually } from "./backends.js";

/** Collects messages; `next(n)` resolves once n have arrived (bounded by the test timeout). */
function inbox() {
  const messages: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    messages,
    handler: (m: string) => {
      messages.push(m);
      for (const w of waiters.filter((w) => messages.length >= w.n)) w.resolve();
    },
    next: (n: number) =>
      messages.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

describeBackends("Notifier", (backend) => {
  it("when one instance publishes, then a subscriber on another instance receives the message", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const box = inbox();
    await a.notifier.subscribe("conv:1", box.handler);
    await b.notifier.publish("conv:1", "hello 你好");
    await box.next(1);
    expect(box.messages).to.deep.equal(["hello 你好"]);
  });

  it("when several subscribers listen to a topic, then each gets every message in order", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const one = inbox();
    const two = inbox();
    await a.notifier.subscribe("t", one.handler);
    await b.notifier.subscribe("t", two.handler);
    for (const m of ["1", "2", "3"]) await a.notifier.publish("t", m);
    await Promise.all([one.next(3), two.next(3)]);
    expect(one.messages).to.deep.equal(["1", "2", "3"]);
    expect(two.messages).to.deep.equal(["1", "2", "3"]);
  });

  it("when a subscriber unsubscribes, then it stops receiving while others keep receiving", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    const gone = inbox();
    const stays = inbox();
    const unsubscribe = await a.notifier.subscribe("t", gone.handler);
    await a.notifier.subscribe("t", stays.handler);
    await b.notifier.publish("t", "before");
    await Promise.all([gone.next(1), stays.next(1)]);
    await unsubscribe();
    await b.notifier.publish("t", "after");
    await b.notifier.publish("t", "last");
    await stays.next(3);
    expect(stays.messages).to.deep.equal(["before", "after", "last"]);
    expect(gone.messages).to.deep.equal(["before"]);
  });

  it("when a message goes to another topic, then subscribers of this topic do not get it", async () => {
    const a = await backend().fresh();
    const mine = inbox();
    const other = inbox();
    await a.notifier.subscribe("mine", mine.handler);
    await a.notifier.subscribe("other", other.handler);
    await a.notifier.publish("other", "not for you");
    await a.notifier.publish("mine", "for you");
    await Promise.all([mine.next(1), other.next(1)]);
    expect(mine.messages).to.deep.equal(["for you"]);
  });

  it("when a handler throws, then the other handlers still get the message and nothing crashes", async () => {
    const a = await backend().fresh({ log: () => {} });
    const good = inbox();
    await a.notifier.subscribe("t", () => {
      throw new Error("handler bug");
    });
    await a.notifier.subscribe("t", good.handler);
    const originalWarn = console.warn;
    console.warn = () => {};
    try {
      await a.notifier.publish("t", "m1");
      await a.notifier.publish("t", "m2");
      await good.next(2);
    } finally {
      console.warn = originalWarn;
    }
    expect(good.messages).to.deep.equal(["m1", "m2"]);
    expect(await eventually(async () => ((await a.healthy()) ? true : undefined))).to.equal(true);
  });
});
