import { expect } from "chai";
import { PassThrough } from "node:stream";
import { loadAccountDirectory } from "../../src/accounts/index.js";
import { createBot, transcriptMiddleware } from "../../src/bot/index.js";
import { ConsoleAdapter } from "../../src/channels/console.js";
import { loadConfig } from "../../src/config.js";
import { t } from "../../src/i18n/catalog.js";
import { loadPolicy } from "../../src/rules/index.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { OfflineClassifier } from "../../src/understanding/index.js";

async function chat(locale: "zh-CN" | "en", lines: string[]): Promise<{ out: string; stores: ReturnType<typeof createMemoryStores>; id: string }> {
  const stores = createMemoryStores();
  const bot = createBot({ stores, classifier: new OfflineClassifier(), policy: loadPolicy(), accounts: loadAccountDirectory(), config: loadConfig({}) });
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const adapter = new ConsoleAdapter({ input, output, locale, conversationId: "console-test" });
  adapter.use(transcriptMiddleware(stores));
  input.end(lines.map((l) => `${l}\n`).join(""));
  await adapter.listen((context) => bot.run(context));
  return { out, stores, id: adapter.conversationId };
}

describe("the console channel", () => {
  it("when the borrower types the number of a button, then that button is pressed, and cards are printed with their buttons", async () => {
    const { out, stores, id } = await chat("en", [
      "1", "8801", "1234", "I was in hospital for two weeks and couldn't work", "1", "2", "6000", "4000", "1500", "1", "1", "2", "1",
    ]);
    expect(out).to.include(`[1] ${t("en", "disclosure.continue")}`);
    expect(out).to.include(`[2] ${t("en", "button.person")}`);
    expect(out).to.include(t("en", "offers.choose", { n: 2 }));
    expect(out).to.include("┌");
    const [agreement] = await stores.agreements.listByConversation(id);
    expect(agreement?.offers[0]?.type).to.equal("personalized_instalment");
  });

  it("when the console runs in Chinese, then the same bot answers in Chinese", async () => {
    const { out } = await chat("zh-CN", ["人工"]);
    expect(out).to.include(t("zh-CN", "greeting.hello"));
    expect(out).to.include(t("zh-CN", "handoff.queue.general"));
  });
});
