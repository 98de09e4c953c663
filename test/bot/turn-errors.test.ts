import { expect } from "chai";
import { createBot } from "../../src/bot/index.js";
import { loadConfig } from "../../src/config.js";
import { XieshangError } from "../../src/errors.js";
import { loadAccountDirectory } from "../../src/accounts/index.js";
import { loadPolicy } from "../../src/rules/index.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { OfflineClassifier } from "../../src/understanding/index.js";
import { postMessage, startConversation, startTestServer, type TestServer } from "../support/directline.js";

describe("a store failure inside a dialog step", () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });

  it("when the store becomes unavailable in the middle of a dialog step, then the Direct Line POST answers 503 (the client retries), not 200 with half a turn", async () => {
    const stores = createMemoryStores();
    let failing = false;
    const markers = stores.verifying;
    stores.verifying = {
      get: (id) => markers.get(id),
      clear: (id) => markers.clear(id),
      set: async (id, stage) => {
        if (failing) throw new XieshangError("unavailable", "Redis at test is unavailable (verification marker set)");
        return markers.set(id, stage);
      },
    };
    const bot = createBot({ stores, classifier: new OfflineClassifier(), policy: loadPolicy(), accounts: loadAccountDirectory(), config: loadConfig({}) });
    server = await startTestServer({ bot });
    const started = await startConversation(server.url, undefined, { locale: "en" });
    failing = true; // the next step (the account question) needs the store: it fails inside the dialog
    const res = await postMessage(server.url, started, "continue");
    expect(res.status, JSON.stringify(res.body)).to.equal(503);
    failing = false;
    const retry = await postMessage(server.url, started, "continue");
    expect(retry.status).to.equal(200);
  });
});

describe("saving a turn's conversation state", () => {
  it("when another turn saved the same conversation after this one loaded it, then this save is refused instead of overwriting it", async () => {
    const { TestAdapter, TurnContext } = await import("botbuilder");
    const { JsonConversationState } = await import("../../src/bot/state.js");
    const stores = createMemoryStores();
    const state = new JsonConversationState(stores.storage);
    const property = state.createProperty<number>("n");
    const turn = () => new TurnContext(new TestAdapter(), { type: "message", channelId: "test", conversation: { id: "c-1" } as never, from: { id: "u" }, recipient: { id: "b" } } as never);
    const first = turn();
    await state.load(first);
    await property.set(first, 0);
    await state.saveChanges(first);
    const slow = turn();
    const fast = turn();
    await state.load(slow);
    await state.load(fast);
    await property.set(fast, 1);
    await state.saveChanges(fast);
    await property.set(slow, 2);
    let caught: unknown;
    await state.saveChanges(slow).catch((e: unknown) => (caught = e));
    expect((caught as XieshangError | undefined)?.code).to.equal("conflict");
    const check = turn();
    await state.load(check);
    expect(await property.get(check)).to.equal(1);
  });
});
