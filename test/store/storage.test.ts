/**
 * botbuilder's storage conformance cases (botbuilder-core tests/storageBaseTests.js), plus the
 * eTag compare-and-set cases the bot relies on, run against both backends.
 */
import { expect } from "chai";
import { AutoSaveStateMiddleware, ConversationState, MessageFactory, TestAdapter, type Storage } from "botbuilder";
import { Dialog, DialogSet, TextPrompt, WaterfallDialog, type WaterfallStepContext } from "botbuilder-dialogs";
import { XieshangError } from "../../src/errors.js";
import { describeBackends } from "./backends.js";

describeBackends("KeyValueStorage", (backend) => {
  it("when unknown keys are read, then nothing comes back for them", async () => {
    const { storage } = await backend().fresh();
    const result = await storage.read(["unknown"]);
    expect(result).to.not.equal(null);
    expect(Object.keys(result)).to.have.length(0);
  });

  it("when read or write is given no keys or changes, then it fails with a ReferenceError", async () => {
    const { storage } = await backend().fresh();
    let readError: unknown;
    await storage.read(null as unknown as string[]).catch((e: unknown) => (readError = e));
    expect(readError).to.be.instanceOf(ReferenceError);
    let writeError: unknown;
    await storage.write(null as unknown as Record<string, unknown>).catch((e: unknown) => (writeError = e));
    expect(writeError).to.be.instanceOf(ReferenceError);
  });

  it("when no items are written, then the write succeeds and changes nothing", async () => {
    const { storage } = await backend().fresh();
    await storage.write({});
    await storage.read([]);
    await storage.delete([]);
  });

  it("when objects are created, then they read back with their fields and an eTag", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2 } });
    const read = await storage.read(["createPoco", "createPocoStoreItem"]);
    expect(read.createPoco.id).to.equal(1);
    expect(read.createPocoStoreItem.id).to.equal(2);
    expect(read.createPoco.eTag).to.be.a("string").and.not.equal("");
    expect(read.createPocoStoreItem.eTag).to.be.a("string").and.not.equal("");
  });

  it("when keys have odd characters, unicode or great length, then they round-trip exactly", async () => {
    const { storage } = await backend().fresh();
    const crazy = "!@#$%^&*()~/\\><,.?';\"`~";
    const keys = [crazy, "会话/用户:张三 🙂", "x".repeat(2000), "", " ", "a\nb\u0000c", "xs:state:nested"];
    await storage.write(Object.fromEntries(keys.map((k, i) => [k, { id: i }])));
    const read = await storage.read(keys);
    keys.forEach((k, i) => expect(read[k]?.id, JSON.stringify(k.slice(0, 20))).to.equal(i));
    expect(Object.keys(read)).to.have.members(keys);
  });

  it("when an object is updated, then the eTag changes, stale eTags are refused and '*' or no eTag overwrite", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
    const loaded = await storage.read(["pocoItem", "pocoStoreItem"]);
    const pocoItem = loaded.pocoItem;
    delete pocoItem.eTag; // plain objects carry no eTag
    const pocoStoreItem = loaded.pocoStoreItem;
    const firstEtag = pocoStoreItem.eTag;
    pocoItem.count++;
    pocoStoreItem.count++;
    await storage.write(loaded);

    const reloaded = await storage.read(["pocoItem", "pocoStoreItem"]);
    expect(reloaded.pocoItem.eTag).to.be.a("string");
    expect(reloaded.pocoStoreItem.eTag).to.not.equal(firstEtag);
    expect(reloaded.pocoItem.count).to.equal(2);
    expect(reloaded.pocoStoreItem.count).to.equal(2);

    // no eTag: always wins
    pocoItem.count = 123;
    await storage.write({ pocoItem });
    // old eTag: refused
    pocoStoreItem.count = 123;
    let conflict: unknown;
    await storage.write({ pocoStoreItem }).catch((e: unknown) => (conflict = e));
    expect(conflict).to.be.instanceOf(Error);
    expect((conflict as XieshangError).code).to.equal("conflict");
    expect((conflict as Error).message).to.contain("eTag conflict");

    const again = await storage.read(["pocoItem", "pocoStoreItem"]);
    expect(again.pocoItem.count).to.equal(123);
    expect(again.pocoStoreItem.count).to.equal(2);

    // wildcard: always wins
    again.pocoItem.count = 100;
    again.pocoStoreItem.count = 100;
    again.pocoStoreItem.eTag = "*";
    await storage.write(again);
    const final = await storage.read(["pocoItem", "pocoStoreItem"]);
    expect(final.pocoItem.count).to.equal(100);
    expect(final.pocoStoreItem.count).to.equal(100);
  });

  it("when two writers read the same eTag, then only the first write wins", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ conv: { turn: 0 } });
    const a = (await storage.read(["conv"])).conv;
    const b = (await storage.read(["conv"])).conv;
    expect(a.eTag).to.equal(b.eTag);
    await storage.write({ conv: { ...a, turn: 1, by: "a" } });
    let conflict: unknown;
    await storage.write({ conv: { ...b, turn: 1, by: "b" } }).catch((e: unknown) => (conflict = e));
    expect((conflict as XieshangError | undefined)?.code).to.equal("conflict");
    expect((await storage.read(["conv"])).conv.by).to.equal("a");
  });

  it("when every write gets a new eTag, then no two eTags of a key repeat", async () => {
    const { storage } = await backend().fresh();
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await storage.write({ k: { i } });
      seen.add((await storage.read(["k"])).k.eTag as string);
    }
    expect(seen.size).to.equal(5);
  });

  it("when an item carries an eTag for a key that does not exist yet, then the write succeeds", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ brandNew: { eTag: "12345", v: 1 } });
    const read = await storage.read(["brandNew"]);
    expect(read.brandNew.v).to.equal(1);
    expect(read.brandNew.eTag).to.not.equal("12345");
  });

  it("when one item of a batch has a stale eTag, then nothing of the batch is written", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const stale = (await storage.read(["b"])).b;
    await storage.write({ b: { v: 2 } });
    let conflict: unknown;
    await storage.write({ a: { v: 9, eTag: "*" }, b: { ...stale, v: 9 } }).catch((e: unknown) => (conflict = e));
    expect((conflict as XieshangError | undefined)?.code).to.equal("conflict");
    expect((conflict as Error).message).to.contain('"b"');
    const read = await storage.read(["a", "b"]);
    expect(read.a.v).to.equal(1);
    expect(read.b.v).to.equal(2);
  });

  it("when items are written and read, then the caller's objects are copies, never shared", async () => {
    const { storage } = await backend().fresh();
    const item = { nested: { list: [1, 2] }, when: new Date("2026-01-02T03:04:05.000Z") };
    await storage.write({ copy: item });
    item.nested.list.push(3);
    const first = await storage.read(["copy"]);
    expect(first.copy.nested.list).to.deep.equal([1, 2]);
    expect(first.copy.when).to.equal("2026-01-02T03:04:05.000Z"); // JSON on the way in, as over a network
    first.copy.nested.list.push(99);
    const second = await storage.read(["copy"]);
    expect(second.copy.nested.list).to.deep.equal([1, 2]);
  });

  it("when an object is deleted, then reading it returns nothing", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ delete1: { id: 1, count: 1 } });
    const read = await storage.read(["delete1"]);
    expect(read.delete1.count).to.equal(1);
    await storage.delete(["delete1"]);
    expect((await storage.read(["delete1"])).delete1).to.equal(undefined);
  });

  it("when an unknown object is deleted, then it does not fail", async () => {
    const { storage } = await backend().fresh();
    await storage.delete(["unknown_key"]);
  });

  it("when batch operations are performed, then all items are written, read and deleted together", async () => {
    const { storage } = await backend().fresh();
    await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
    let result = await storage.read(["batch1", "batch2", "batch3"]);
    expect(result.batch1.count).to.equal(10);
    expect(result.batch2.count).to.equal(20);
    expect(result.batch3.count).to.equal(30);
    for (const k of ["batch1", "batch2", "batch3"]) expect(result[k].eTag).to.be.a("string");
    await storage.delete(["batch1", "batch2", "batch3"]);
    result = await storage.read(["batch1", "batch2", "batch3"]);
    expect(result).to.deep.equal({});
  });

  it("when two instances share the backend, then one sees the other's writes and eTags", async () => {
    const a = await backend().fresh();
    const b = await backend().peer(a);
    await a.storage.write({ shared: { v: 1 } });
    const seen = (await b.storage.read(["shared"])).shared;
    expect(seen.v).to.equal(1);
    await b.storage.write({ shared: { ...seen, v: 2 } });
    let conflict: unknown;
    await a.storage.write({ shared: { ...seen, v: 3 } }).catch((e: unknown) => (conflict = e));
    expect((conflict as XieshangError | undefined)?.code).to.equal("conflict");
  });

  it("when a waterfall dialog runs over ConversationState on this storage, then it proceeds step by step", async () => {
    const { storage } = await backend().fresh();
    const convoState = new ConversationState(storage satisfies Storage);
    const dialogState = convoState.createProperty("dialogState");
    const dialogs = new DialogSet(dialogState);
    const adapter = new TestAdapter(async (turnContext) => {
      const dc = await dialogs.createContext(turnContext);
      await dc.continueDialog();
      if (!turnContext.responded) await dc.beginDialog("waterfallDialog");
    }).use(new AutoSaveStateMiddleware(convoState));

    dialogs.add(
      new TextPrompt("textPrompt", async (promptContext) => {
        const value = promptContext.recognized.value ?? "";
        if (value.length > 3) {
          await promptContext.context.sendActivity(MessageFactory.text(`You got it at the ${promptContext.attemptCount}th try!`));
          return true;
        }
        await promptContext.context.sendActivity(
          MessageFactory.text(`Please send a name that is longer than 3 characters. ${promptContext.attemptCount}`),
        );
        return false;
      }),
    );
    const stepIndexIsNumber = (step: WaterfallStepContext): void => {
      expect(step.activeDialog?.state["stepIndex"]).to.be.a("number");
    };
    dialogs.add(
      new WaterfallDialog("waterfallDialog", [
        async (step) => {
          stepIndexIsNumber(step);
          await step.context.sendActivity("step1");
          return Dialog.EndOfTurn;
        },
        async (step) => {
          stepIndexIsNumber(step);
          return step.prompt("textPrompt", { prompt: MessageFactory.text("Please type your name.") });
        },
        async (step) => {
          stepIndexIsNumber(step);
          await step.context.sendActivity("step3");
          return Dialog.EndOfTurn;
        },
      ]),
    );

    await adapter
      .send("hello")
      .assertReply("step1")
      .send("hello")
      .assertReply("Please type your name.")
      .send("hi")
      .assertReply("Please send a name that is longer than 3 characters. 1")
      .send("hi")
      .assertReply("Please send a name that is longer than 3 characters. 2")
      .send("hi")
      .assertReply("Please send a name that is longer than 3 characters. 3")
      .send("Kyle")
      .assertReply("You got it at the 4th try!")
      .assertReply("step3")
      .startTest();
  });
});
