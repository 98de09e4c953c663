import { expect } from "chai";
import { type Activity, ActivityTypes, TestAdapter, type TurnContext } from "botbuilder";
import { JsonConversationState } from "../../src/bot/state.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { StoreItems } from "../../src/store/types.js";

describe("conversation state change detection (JSON text instead of hashing)", () => {
  it("when a turn changes the state it is written; when it does not, nothing is written; clear() is written", async () => {
    const stores = createMemoryStores();
    const writes: StoreItems[] = [];
    const writeJson = stores.storage.writeJson.bind(stores.storage);
    stores.storage.writeJson = async (key, json, eTag) => {
      writes.push({ [key]: JSON.parse(json) as unknown });
      await writeJson(key, json, eTag);
    };
    const state = new JsonConversationState(stores.storage);
    const counter = state.createProperty<{ n: number }>("counter");
    const adapter = new TestAdapter(TestAdapter.createConversation("json-state"));
    const turn = (logic: (context: TurnContext) => Promise<void>) =>
      adapter.processActivity({ type: ActivityTypes.Message, text: "x" } as Activity, async (context) => {
        await logic(context);
        await state.saveChanges(context, false);
      });

    await turn(async (c) => void (await counter.get(c, { n: 0 })));
    expect(writes, "a default value was created: changed").to.have.length(1);
    await turn(async (c) => void (await counter.get(c, { n: 0 })));
    expect(writes, "read only: unchanged").to.have.length(1);
    await turn(async (c) => {
      (await counter.get(c, { n: 0 })).n += 1;
    });
    expect(writes).to.have.length(2);
    await turn(async (c) => {
      expect((await counter.get(c))?.n).to.equal(1);
    });
    expect(writes).to.have.length(2);
    await turn(async (c) => {
      await counter.get(c);
      state.clear(c);
    });
    expect(writes).to.have.length(3);
    await turn(async (c) => {
      expect(await counter.get(c)).to.equal(undefined);
    });
    expect(writes).to.have.length(3);
  });
});
