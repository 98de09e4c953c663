/**
 * The widget as a borrower on a phone meets issue 6: at 390 px wide the offer cards and the terms
 * are readable (nothing cut off or covered), hesitation at the terms and a button from an older
 * card agree to nothing, the current agree button does; and a reload or a second tab resumes the
 * same conversation. Screenshots go to test-artifacts/ (widget-phone-*, widget-resume-*).
 */
import { expect } from "chai";
import type { Page } from "playwright-core";
import { screenshot } from "../support/browser.js";
import { CARD_BORROWER_ZH, catalog } from "../multi-instance/borrower.js";
import { isBorrower, snippet, TURN_WAIT_MS, UI_WAIT_MS, waitFor, WidgetBorrower, useWidgetSuite } from "../support/widget.js";

/** Elements of the chat whose text overflows their box horizontally (cut off), and page-wide horizontal scroll. */
async function clipped(page: Page): Promise<{ overflowing: string[]; pageScrolls: boolean }> {
  return page.evaluate(() => {
    const overflowing: string[] = [];
    const root = document.getElementById("webchat");
    for (const el of Array.from(root?.querySelectorAll<HTMLElement>(".ac-textBlock, [class*='hero-card'] *, [class*='bubble'] p") ?? [])) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") overflowing.push((el.textContent ?? "").slice(0, 40));
    }
    return { overflowing, pageScrolls: document.documentElement.scrollWidth > window.innerWidth + 1 };
  });
}

describe("The widget on a phone, and a conversation that survives a reload (issue 6)", function () {
  const suite = useWidgetSuite("widget phone and resume tests (test/e2e/widget-words.test.ts)", { width: 390, height: 844 });

  it("when a borrower at 390 px hesitates at the terms and presses an older card's button, then nothing is agreed and nothing is cut off; the current agree button agrees", async function () {
    const { page, server, blocked } = suite();
    this.timeout(240_000);
    const zh = catalog("zh-CN");
    const borrower = new WidgetBorrower(page, server, { ...CARD_BORROWER_ZH, option: 2 }, "widget-phone");
    await borrower.open();
    await borrower.negotiate({ "offers.pick": "01-offers", "terms.ask": "02-terms" }, 30, "terms.ask");
    expect(await clipped(page), "at the terms").to.deep.equal({ overflowing: [], pageScrolls: false });

    await borrower.type("我再考虑一下");
    await page.getByText(snippet(zh["terms.notAgreed"]!), { exact: false }).last().waitFor({ state: "visible", timeout: TURN_WAIT_MS });
    await screenshot(page, "widget-phone-03-not-agreed");
    expect(await server.stores.agreements.listByConversation(borrower.conversationId)).to.deep.equal([]);
    expect(await clipped(page), "at the options again").to.deep.equal({ overflowing: [], pageScrolls: false });

    // The options are shown again; choosing option 2 again shows its terms with a fresh agree button.
    await borrower.click(zh["offers.choose"]!.replace("{n}", "2"));
    await page.getByText(snippet(zh["terms.ask"]!), { exact: false }).last().waitFor({ state: "visible", timeout: TURN_WAIT_MS });
    // An older card's button (the first option card, shown before the hesitation) agrees to nothing.
    const older = page.locator("#webchat").getByRole("button", { name: zh["offers.choose"]!.replace("{n}", "1"), exact: true }).first();
    await older.click();
    await page.getByText(snippet(zh["button.stale"]!), { exact: false }).last().waitFor({ state: "visible", timeout: TURN_WAIT_MS });
    expect(await server.stores.agreements.listByConversation(borrower.conversationId)).to.deep.equal([]);
    await screenshot(page, "widget-phone-04-older-button");

    await borrower.click(zh["terms.confirm"]!);
    const [agreement] = await waitFor("the agreement", TURN_WAIT_MS, async () => {
      const list = await server.stores.agreements.listByConversation(borrower.conversationId);
      return list.length > 0 ? list : undefined;
    });
    expect(agreement!.offers[0]!.type).to.equal("personalized_instalment");
    expect(agreement!.consent.button).to.equal(true);
    await page.getByText(agreement!.id, { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await screenshot(page, "widget-phone-05-agreed");
    expect(borrower.pageErrors).to.deep.equal([]);
    expect(blocked).to.deep.equal([]);
  });

  it("when the borrower reloads the page or opens a second tab mid-conversation, then the same conversation resumes with its history", async function () {
    const { page, server, context } = suite();
    this.timeout(180_000);
    const en = catalog("en");
    const borrower = new WidgetBorrower(page, server, { ...CARD_BORROWER_ZH, locale: "en", accountLast4: "5502", idLast4: "2345", story: "I lost my job last month" }, "widget-resume");
    await borrower.open();
    await borrower.negotiate({}, 10, "hardship.askWhatHappened");
    const before = (await server.stores.transcripts.read(borrower.conversationId)).length;

    await page.reload();
    await page.getByText(snippet(en["hardship.askWhatHappened"]!), { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await page.getByText(snippet(en["disclosure.text"]!), { exact: false }).first().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await screenshot(page, "widget-resume-01-reloaded");
    await borrower.type("I lost my job last month");
    await page.getByText(snippet(en["hardship.confirmReason"]!), { exact: false }).last().waitFor({ state: "visible", timeout: TURN_WAIT_MS });
    const stored = await server.stores.transcripts.read(borrower.conversationId);
    expect(stored.length, "the reloaded page wrote into the same conversation").to.be.greaterThan(before);

    const second = await context.newPage();
    await second.goto(`${server.url}/?locale=en`);
    await second.getByText(snippet(en["hardship.confirmReason"]!), { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await screenshot(second, "widget-resume-02-second-tab");
    // The second tab writes into the same conversation: what is typed there reaches its transcript.
    const fromSecondTab = "Yes, that is right";
    const box = second.locator('[data-id="webchat-sendbox-input"]').first();
    await box.waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await box.fill(fromSecondTab);
    await box.press("Enter");
    await waitFor("the second tab's message in the conversation's transcript", TURN_WAIT_MS, async () => {
      const all = (await server.stores.transcripts.read(borrower.conversationId)).map((e) => e.activity);
      return all.some((a) => isBorrower(a as never) && (a as { text?: unknown }).text === fromSecondTab) ? true : undefined;
    });
    const mine = (await server.stores.transcripts.read(borrower.conversationId)).map((e) => e.activity).filter((a) => isBorrower(a as never));
    expect(mine.length).to.be.greaterThan(0);
    expect(mine.map((a) => (a as { text?: unknown }).text), "typed in the second tab").to.include(fromSecondTab);
    expect(borrower.pageErrors).to.deep.equal([]);
  });
});
