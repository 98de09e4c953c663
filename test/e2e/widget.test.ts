/**
 * The borrower's widget end to end, in a real browser: Debian chromium (via playwright-core)
 * opens the page served by a `startInstance` server with the embedded defaults (memory store,
 * offline classifier, demo accounts), and a borrower types and clicks through Web Chat.
 *
 * The scripted borrower decides what to answer from the transcript the server stored (through
 * the message catalogs), then does it in the page: types into the send box or presses the
 * button with that title. Every wait is bounded; screenshots go to test-artifacts/.
 */
import { expect } from "chai";
import { screenshot } from "../support/browser.js";
import { CARD_BORROWER_ZH, catalog } from "../multi-instance/borrower.js";
import { isBorrower, snippet, TURN_WAIT_MS, UI_WAIT_MS, waitFor, WidgetBorrower, useWidgetSuite } from "../support/widget.js";

describe("The borrower's chat widget in a real browser", function () {
  const suite = useWidgetSuite("widget end-to-end tests (test/e2e/widget.test.ts)", { width: 900, height: 1200 });

  it("when a borrower negotiates in Chinese with a demo card account by typing and clicking, then the agreement reference appears and the agreement is stored", async function () {
    const { page, server, blocked } = suite();
    this.timeout(240_000);
    const borrower = new WidgetBorrower(page, server, CARD_BORROWER_ZH, "zh-negotiation");
    await borrower.open();
    const zh = catalog("zh-CN");

    await page.getByText(snippet(zh["disclosure.text"]!), { exact: false }).first().waitFor({ timeout: UI_WAIT_MS });
    await screenshot(page, "zh-negotiation-01-greeting");

    const reference = await borrower.negotiate({
      "hardship.askWhatHappened": "02-verified",
      "hardship.askDuration": "03-duration-suggested-actions",
      "summary.ask": "04-summary",
      "offers.pick": "05-offers",
      "terms.ask": "06-terms",
    });
    expect(reference, "the bot told the borrower a reference").to.match(/\S{4,}/);
    expect(borrower.typed, "typed answers").to.include.members(["verify.askAccount", "verify.askId", "hardship.askWhatHappened", "hardship.askIncome"]);
    expect(borrower.clicked, "suggested actions and card buttons pressed").to.include.members([
      "disclosure.text",
      "hardship.askDuration",
      "summary.ask",
      "offers.pick",
      "terms.ask",
    ]);
    await page.getByText(reference, { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await screenshot(page, "zh-negotiation-07-agreement");

    const stored = await server.stores.agreements.get(reference);
    expect(stored, `agreement ${reference} is in the store`).to.not.equal(null);
    expect(stored!.conversationId).to.equal(borrower.conversationId);
    expect(stored!.accountId).to.equal("demo-card-8801");
    expect(stored!.locale).to.equal("zh-CN");
    expect(stored!.textShown).to.match(/[\u4e00-\u9fff]/);
    const byConversation = await server.stores.agreements.listByConversation(borrower.conversationId);
    expect(byConversation.map((a) => a.id)).to.deep.equal([reference]);

    // Every message the borrower sent reached the server once, with Web Chat's clientActivityID.
    const mine = (await borrower.stored()).filter(isBorrower);
    const ids = mine.map((a) => a.channelData?.clientActivityID);
    expect(ids.every((id) => typeof id === "string")).to.equal(true);
    expect(new Set(ids).size).to.equal(ids.length);
    // …and none shows "send failed" (Web Chat needs the echo with the same clientActivityID).
    expect(await page.locator(".webchat__activity-status--send-failed, [class*='send-failed']").count()).to.equal(0);
    expect(borrower.pageErrors, "no uncaught errors in the page").to.deep.equal([]);
    expect(blocked, "the page made no request outside loopback").to.deep.equal([]);
  });

  it("when an English-speaking borrower asks for a person, then the handoff message appears and a handoff request is stored", async function () {
    const { page, server, blocked } = suite();
    this.timeout(120_000);
    const en = catalog("en");
    const borrower = new WidgetBorrower(
      page,
      server,
      { ...CARD_BORROWER_ZH, locale: "en", story: "I lost my job last month" },
      "en-handoff",
    );
    await borrower.open();
    await page.getByText(snippet(en["disclosure.text"]!), { exact: false }).first().waitFor({ timeout: UI_WAIT_MS });
    await screenshot(page, "en-handoff-01-greeting");

    await borrower.type("I would like to talk to a real person please");
    const handoffText = en["handoff.queue.general"]!;
    await page.getByText(snippet(handoffText), { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await screenshot(page, "en-handoff-02-handoff");

    const request = await waitFor("a handoff request in the store", TURN_WAIT_MS, async () =>
      (await server.stores.handoffs.activeFor(borrower.conversationId)) ?? undefined,
    );
    expect(request.conversationId).to.equal(borrower.conversationId);
    expect(request.status).to.equal("waiting");
    expect(request.locale).to.equal("en");
    expect(request.queue).to.equal("general");
    const open = await server.stores.handoffs.listOpen();
    expect(open.map((r) => r.id)).to.include(request.id);
    expect(borrower.pageErrors, "no uncaught errors in the page").to.deep.equal([]);
    expect(blocked, "the page made no request outside loopback").to.deep.equal([]);
  });
});
