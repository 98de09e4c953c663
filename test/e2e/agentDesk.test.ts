/**
 * The agent desk end to end, in a real browser with two pages: the borrower's widget (`/`) and
 * the agent's console (`/agent`), both served by one `startInstance` server with the embedded
 * defaults (memory store, offline classifier, demo accounts, and — on a loopback HOST — the two
 * demo agents). Everything the agent does goes through the console page with the keyboard or
 * the mouse; the store is read only to check what the pages cannot show (the agreement record).
 *
 * Agent hours are set around "now" and quiet hours away from it, so that the flow does not
 * depend on the time of day the suite runs. Screenshots of both pages at 1280×800 go to
 * test-artifacts/ (agent-desk-*.png).
 */
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { startInstance } from "../../src/compose.js";
import type { Stores } from "../../src/store/types.js";
import type { RunningServer } from "../../src/server.js";
import { launchBrowserOrSkip, screenshot, confineToLoopback } from "../support/browser.js";
import { WidgetBorrower, waitFor, UI_WAIT_MS } from "../support/widget.js";
import { AgentConsolePage } from "../support/agentConsole.js";
import { CARD_BORROWER_ZH, catalog, templateRegExp, type BorrowerProfile } from "../multi-instance/borrower.js";

type ServerWithStores = RunningServer & { stores: Stores };
const VIEWPORT = { width: 1280, height: 800 };

/** "HH:MM-HH:MM" in UTC from hour offsets around now. */
function utcWindow(fromHours: number, toHours: number): string {
  const at = (h: number) => {
    const d = new Date(Date.now() + h * 3_600_000);
    return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  };
  return `${at(fromHours)}-${at(toHours)}`;
}

describe("The agent desk in a real browser: the borrower's widget and the agent's console", function () {
  let browser: Browser;
  let server: ServerWithStores;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(90_000);
    browser = await launchBrowserOrSkip(this, "agent desk end-to-end tests (test/e2e/agentDesk.test.ts)");
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      OPENAI_API_KEY: "",
      BORROWER_TIME_ZONE: "UTC",
      AGENT_HOURS: utcWindow(-3, 3),
      QUIET_HOURS: utcWindow(5, 6),
    });
    server = await startInstance(config, silentLogger);
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  });

  async function newPage(): Promise<{ page: Page; blocked: string[] }> {
    const context = await browser.newContext({ viewport: VIEWPORT });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_WAIT_MS);
    return { page, blocked: await confineToLoopback(page) };
  }

  afterEach(async function () {
    this.timeout(30_000);
    if (this.currentTest?.state === "failed") {
      for (const [i, c] of contexts.entries()) for (const p of c.pages()) await screenshot(p, `failed-agent-desk-${i}-${this.currentTest.title.slice(0, 40)}`);
    }
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  async function borrowerAsksForAPerson(page: Page, profile: BorrowerProfile = CARD_BORROWER_ZH) {
    const borrower = new WidgetBorrower(page, server, profile, "agent-desk-borrower");
    await borrower.open();
    await borrower.negotiate({}, 30, "hardship.askIncome");
    await borrower.type("我想找人工客服");
    const handoff = await waitFor("a handoff in the store", UI_WAIT_MS, async () => (await server.stores.handoffs.activeFor(borrower.conversationId)) ?? undefined);
    return { borrower, handoff };
  }

  it("when a borrower asks for a person, then an agent signs in, claims, they talk both ways, the agent's corrected offer is agreed with the agent's id, and after hand-back the bot resumes", async function () {
    this.timeout(300_000);
    const zh = catalog("zh-CN");
    const b = await newPage();
    const a = await newPage();
    const { borrower, handoff } = await borrowerAsksForAPerson(b.page);
    await screenshot(b.page, "agent-desk-01-borrower-asked-for-a-person");

    // The agent signs in and finds the conversation in the live queue.
    const agent = new AgentConsolePage(a.page, server.url);
    const shell = await a.page.goto(`${server.url}/agent?lang=zh-CN`);
    expect(shell?.headers()["content-security-policy"], "the console runs under the server's CSP").to.match(/script-src 'self'(;|$)/);
    await a.page.locator('input[name="agentId"]').waitFor({ state: "visible" });
    await screenshot(a.page, "agent-desk-02-console-sign-in");
    await agent.signIn("demo-agent", "demo-agent-pass");
    const row = agent.row(handoff.id);
    await row.waitFor({ state: "visible" });
    await expect(await row.textContent()).to.include("要求转人工"); // the reason in words, not a code
    // The waiting time ticks: it changes on its own (within a bounded wait, not a fixed sleep).
    const waitBefore = await row.locator('[data-role="wait"]').textContent();
    await waitFor("the waiting time to tick", UI_WAIT_MS, async () =>
      (await row.locator('[data-role="wait"]').textContent()) !== waitBefore ? true : undefined,
    );

    // Keyboard only: queue, open, claim, composer.
    await agent.openWithKeyboard(handoff.id);
    await agent.seesLine("borrower", "我想找人工客服");
    await a.page.keyboard.press("Alt+KeyC");
    await a.page.locator(".held-by-me").waitFor({ state: "visible" });
    await borrower.sees(zh["handoff.joined"]!.slice(0, 8));

    // Agent → borrower (two lines with Shift+Enter), borrower → agent, live both ways.
    await agent.say("您好，我是坐席小王。\n我来帮您看看还款方案。");
    await borrower.sees("我来帮您看看还款方案");
    await borrower.type("好的，谢谢，我每月大概能还一千二");
    await agent.seesLine("borrower", "我每月大概能还一千二");

    // Borrower text is text, never HTML.
    await borrower.type('<img src=x onerror="window.__xss=1">看这里');
    await agent.seesLine("borrower", "<img src=x");
    expect(await agent.transcript().locator("img").count(), "no element made from the borrower's text").to.equal(0);
    expect(await a.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    await screenshot(a.page, "agent-desk-03-console-conversation");
    await screenshot(b.page, "agent-desk-04-borrower-talks-to-agent");

    // The agent corrects facts and previews the engine's offers, then sends one.
    const form = a.page.locator(".facts-form");
    await form.locator('input[name="monthlyIncomeMinor"]').fill("6000");
    await form.locator('input[name="essentialExpensesMinor"]').fill("4000");
    await form.locator('input[name="affordableMonthlyMinor"]').fill("1200");
    await form.locator('select[name="willingToRepay"]').selectOption("true");
    await expect(await form.locator(".edited").count(), "edited fields are marked").to.be.greaterThan(0);
    await form.getByRole("button").click();
    const preview = a.page.locator('[data-role="offer-preview"] .offer');
    await preview.first().waitFor({ state: "visible" });
    await screenshot(a.page, "agent-desk-05-console-offer-preview");
    await preview.first().getByRole("button").click();
    await a.page.locator('[data-role="toast"]').waitFor({ state: "visible" });

    // The borrower sees the offer as a card and agrees in their chat.
    const pending = await waitFor("the pending offer on the handoff", UI_WAIT_MS, async () => {
      const h = await server.stores.handoffs.get(handoff.id);
      return h?.pendingOffer ?? undefined;
    });
    expect(pending.agentId).to.equal("demo-agent");
    await borrower.sees(zh["desk.offer.title"]!);
    await screenshot(b.page, "agent-desk-06-borrower-sees-offer");
    await borrower.click(zh["terms.confirm"]!);
    const agreement = await waitFor("the agreement", UI_WAIT_MS, async () => {
      const list = await server.stores.agreements.listByConversation(borrower.conversationId);
      return list.length > 0 ? list[0] : undefined;
    });
    expect(agreement.agentId, "the agreement carries the agent's id").to.equal("demo-agent");
    expect(agreement.case.hardship.affordableMonthlyMinor, "decided on the agent's corrected fact").to.equal(120000);
    await a.page.locator(`[data-agreement-id="${agreement.id}"][data-agent-id="demo-agent"]`).waitFor({ state: "visible" });

    // Hand back: confirmed in a dialog; the borrower is told; the bot resumes on their next message.
    await a.page.getByRole("button", { name: "交回机器人" }).click();
    await a.page.locator("dialog.modal").getByRole("button", { name: "确认" }).click();
    await borrower.sees(zh["handoff.returned"]!.slice(0, 10));
    const back = await server.stores.handoffs.get(handoff.id);
    expect(back?.status).to.equal("returned");
    await borrower.type("你好");
    // The arrangement made with the agent is said, not negotiated again (a second one would need a person, §5a).
    await borrower.sees(agreement.id);
    expect(await server.stores.handoffs.activeFor(borrower.conversationId), "no new handoff").to.equal(null);
    await screenshot(b.page, "agent-desk-07-borrower-bot-resumed");
    await screenshot(a.page, "agent-desk-08-console-after-hand-back");

    expect(agent.pageErrors, "no uncaught errors in the console page").to.deep.equal([]);
    expect(agent.cspViolations, "no CSP violations").to.deep.equal([]);
    expect(borrower.pageErrors).to.deep.equal([]);
    expect([...a.blocked, ...b.blocked], "no request left loopback").to.deep.equal([]);
  });

  it("when two people go for the same conversation, then one holds it, the other is told who took it and when, and a transfer, a reload and a close keep everyone's view honest", async function () {
    this.timeout(300_000);
    const zh = catalog("zh-CN");
    const b = await newPage();
    const s = await newPage();
    const a = await newPage();
    // Another demo account: each account's first arrangement is the bot's to make (test 1 used 8801).
    const { borrower, handoff } = await borrowerAsksForAPerson(b.page, { ...CARD_BORROWER_ZH, accountLast4: "5502", idLast4: "2345" });

    const supervisor = new AgentConsolePage(s.page, server.url);
    await supervisor.open("en");
    await supervisor.signIn("demo-supervisor", "demo-supervisor-pass");
    const agent = new AgentConsolePage(a.page, server.url);
    await agent.open("zh-CN");
    await agent.signIn("demo-agent", "demo-agent-pass");
    await agent.openWithKeyboard(handoff.id);
    await supervisor.openWithKeyboard(handoff.id);

    // The supervisor claims first; the agent's Alt+C is refused in words: who, and when.
    await s.page.keyboard.press("Alt+KeyC");
    await s.page.locator(".held-by-me").waitFor({ state: "visible" });
    const claimed = await server.stores.handoffs.get(handoff.id);
    expect(claimed?.claimedBy?.id).to.equal("demo-supervisor");
    await a.page.keyboard.press("Alt+KeyC");
    const refusal = a.page.locator('[data-role="claim-refusal"]');
    await refusal.waitFor({ state: "visible" });
    expect(await refusal.textContent()).to.match(new RegExp(`已被 ${claimed!.claimedBy!.displayName} 于 \\d{2}:\\d{2} 接手`));
    await agent.row(handoff.id).filter({ hasText: claimed!.claimedBy!.displayName }).waitFor({ state: "visible" });
    expect(await a.page.locator("#composer").isDisabled(), "only the holder writes to the borrower").to.equal(true);
    await s.page.locator(`.load-line[data-agent-id="demo-supervisor"]`).waitFor({ state: "visible" });
    expect(await a.page.locator(".load-line").count(), "agents do not get the load view").to.equal(0);
    await screenshot(a.page, "agent-desk-09-console-claim-refused");

    // Transfer asks for a queue and a note; the note stays internal.
    await s.page.getByRole("button", { name: "Transfer" }).click();
    const dialog = s.page.locator("dialog.modal");
    await dialog.locator('select[name="queue"]').selectOption("welfare");
    await dialog.locator('textarea[name="note"]').fill("Borrower sounds anxious; please go gently.");
    await screenshot(s.page, "agent-desk-10-console-transfer-dialog");
    await dialog.getByRole("button", { name: "Transfer" }).click();
    const moved = await waitFor("the transfer", UI_WAIT_MS, async () => {
      const h = await server.stores.handoffs.get(handoff.id);
      return h?.queue === "welfare" && h.status === "waiting" ? h : undefined;
    });
    expect(moved.claimedBy ?? null).to.equal(null);
    await agent.row(handoff.id).filter({ hasText: "关怀" }).waitFor({ state: "visible" });

    // The agent claims it now, then reloads the page: the conversation comes back from the URL,
    // and the stream resumes from the cursor the page kept.
    await a.page.keyboard.press("Alt+KeyC");
    await a.page.locator(".held-by-me").waitFor({ state: "visible" });
    await a.page.locator('.line.note').filter({ hasText: "please go gently" }).waitFor({ state: "visible" });
    const kept = await a.page.evaluate(() => sessionStorage.getItem("xs-agent-cursor"));
    expect(kept, "the page keeps the stream's cursor").to.be.a("string").and.not.equal("");
    const sockets: string[] = [];
    a.page.on("websocket", (ws) => sockets.push(ws.url()));
    await a.page.reload();
    await a.page.locator(".held-by-me").waitFor({ state: "visible" });
    await a.page.locator('[data-stream="live"]').waitFor();
    expect(sockets.some((u) => u.includes("/agent/api/stream?cursor=")), `the stream resumed from a cursor: ${sockets.join(", ")}`).to.equal(true);
    await borrower.type("我还在，谢谢");
    await agent.seesLine("borrower", "我还在，谢谢");

    // The borrower never saw the internal note.
    const borrowerSaw = (await borrower.stored()).map((x) => JSON.stringify(x)).join("\n");
    expect(borrowerSaw).not.to.include("please go gently");

    // Close asks for an outcome; the borrower is told.
    await a.page.getByRole("button", { name: "结束会话" }).click();
    const close = a.page.locator("dialog.modal");
    await close.getByLabel("借款人已离开").check();
    await screenshot(a.page, "agent-desk-11-console-close-dialog");
    await close.getByRole("button", { name: "结束会话" }).click();
    await borrower.sees(zh["handoff.closed"]!.slice(0, 8));
    const done = await server.stores.handoffs.get(handoff.id);
    expect(done?.status).to.equal("closed");
    expect(done?.outcome).to.equal("borrower_left");
    await agent.row(handoff.id).waitFor({ state: "detached" });

    // The supervisor's audit log, filtered by this conversation: who claimed, transferred, closed.
    await s.page.locator("#nav-audit").click();
    await s.page.locator('input[name="conversationId"]').fill(borrower.conversationId);
    await s.page.getByRole("button", { name: "Filter" }).click();
    for (const action of ["claim", "transfer", "close"]) await s.page.locator(`tr[data-action="${action}"]`).first().waitFor({ state: "visible" });
    expect(await s.page.locator("tbody tr").filter({ hasNotText: borrower.conversationId }).count(), "only this conversation").to.equal(0);
    await screenshot(s.page, "agent-desk-16-console-audit-log");

    // Sign out ends the session on the server: a reload shows the sign-in form again.
    await s.page.getByRole("button", { name: "Sign out" }).click();
    await s.page.locator('input[name="agentId"]').waitFor({ state: "visible" });
    await s.page.reload();
    await s.page.locator('input[name="agentId"]').waitFor({ state: "visible" });

    for (const p of [agent, supervisor]) {
      expect(p.pageErrors).to.deep.equal([]);
      expect(p.cspViolations).to.deep.equal([]);
    }
    expect([...a.blocked, ...b.blocked, ...s.blocked]).to.deep.equal([]);
  });

  it("when an agreement carries a waiver above the approval limit, then it waits for a supervisor, who approves it with a reason in the console, and the borrower is told", async function () {
    this.timeout(300_000);
    const zh = catalog("zh-CN");
    const b = await newPage();
    const a = await newPage();
    const s = await newPage();
    const profile: BorrowerProfile = { ...CARD_BORROWER_ZH, accountLast4: "6605", idLast4: "5678", story: "我上个月住院做了手术，一直没法上班" };
    const { borrower, handoff } = await borrowerAsksForAPerson(b.page, profile);

    const agent = new AgentConsolePage(a.page, server.url);
    await agent.open("zh-CN");
    await agent.signIn("demo-agent", "demo-agent-pass");
    expect(await a.page.locator("#nav-approvals").count(), "agents have no approvals view").to.equal(0);
    await agent.openWithKeyboard(handoff.id);
    await a.page.keyboard.press("Alt+KeyC");
    await a.page.locator(".held-by-me").waitFor({ state: "visible" });

    // The agent corrects how long the hardship will last and fills in the money facts.
    const form = a.page.locator(".facts-form");
    await form.locator('select[name="reason"]').selectOption("medical");
    await form.locator('select[name="expectedDuration"]').selectOption("over_12_months");
    await form.locator('input[name="monthlyIncomeMinor"]').fill("12000");
    await form.locator('input[name="essentialExpensesMinor"]').fill("6000");
    await form.locator('input[name="affordableMonthlyMinor"]').fill("3000");
    await form.locator('select[name="willingToRepay"]').selectOption("true");
    await form.getByRole("button").click();
    const offers = a.page.locator('[data-role="offer-preview"] .offer');
    await offers.first().waitFor({ state: "visible" });
    await offers.filter({ hasText: "需主管审批" }).waitFor({ state: "visible" });
    await offers.filter({ has: a.page.getByRole("button") }).first().getByRole("button").click();
    await borrower.sees(zh["desk.offer.title"]!);
    await borrower.click(zh["terms.confirm"]!);
    const agreement = await waitFor("the agreement", UI_WAIT_MS, async () => (await server.stores.agreements.listByConversation(borrower.conversationId))[0]);
    expect(agreement.status).to.equal("pending_approval");
    expect(agreement.agentId).to.equal("demo-agent");

    // The supervisor sees it in Approvals; a reason is required; approve.
    const supervisor = new AgentConsolePage(s.page, server.url);
    await supervisor.open("zh-CN");
    await supervisor.signIn("demo-supervisor", "demo-supervisor-pass");
    await s.page.locator("#nav-approvals").click();
    const row = s.page.locator("tr[data-approval-id]").filter({ hasText: borrower.conversationId });
    await row.waitFor({ state: "visible" });
    expect(await row.textContent()).to.include("6,200.00").and.include("demo-agent");
    await row.getByRole("button", { name: "批准" }).click();
    await row.getByRole("alert").filter({ hasText: "请先填写理由" }).waitFor({ state: "visible" });
    await row.getByRole("textbox").fill("住院证明已核实，同意减免");
    await screenshot(s.page, "agent-desk-12-console-approvals");
    await row.getByRole("button", { name: "批准" }).click();
    await row.waitFor({ state: "detached" });
    await borrower.sees(templateRegExp(zh["desk.approval.approved"]!));
    // The agent's console shows the agreement as agreed now, and the approval with its reason.
    await a.page.locator(`[data-agreement-id="${agreement.id}"]`).filter({ hasText: "已达成" }).waitFor({ state: "visible" });
    await a.page.locator('.approvals-here [data-status="approved"]').filter({ hasText: "住院证明已核实" }).waitFor({ state: "visible" });
    await screenshot(a.page, "agent-desk-14-console-approved");
    await screenshot(b.page, "agent-desk-13-borrower-approval-told");
    for (const p of [agent, supervisor]) {
      expect(p.pageErrors).to.deep.equal([]);
      expect(p.cspViolations).to.deep.equal([]);
    }
  });
});

describe("The agent console in quiet hours (a real browser)", function () {
  let browser: Browser;
  let server: ServerWithStores;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(90_000);
    browser = await launchBrowserOrSkip(this, "agent desk quiet-hours test (test/e2e/agentDesk.test.ts)");
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      OPENAI_API_KEY: "",
      BORROWER_TIME_ZONE: "UTC",
      AGENT_HOURS: utcWindow(-3, 3),
      QUIET_HOURS: utcWindow(-1, 1),
      BORROWER_ACTIVE_MINUTES: "1",
    });
    server = await startInstance(config, silentLogger);
  });

  after(async function () {
    this.timeout(30_000);
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  });

  it("when the borrower has been silent longer than the active window inside quiet hours, then the console shows quiet hours and the server's refusal in words, and nothing reaches the borrower", async function () {
    this.timeout(240_000);
    const pages: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(UI_WAIT_MS);
      pages.push(page);
    }
    const [bp, ap] = pages as [Page, Page];
    const borrower = new WidgetBorrower(bp, server, CARD_BORROWER_ZH, "agent-desk-borrower");
    await borrower.open();
    await borrower.settle();
    await borrower.type("我想找人工客服");
    const handoff = await waitFor("a handoff", UI_WAIT_MS, async () => (await server.stores.handoffs.activeFor(borrower.conversationId)) ?? undefined);

    const agent = new AgentConsolePage(ap, server.url);
    await agent.open("zh-CN");
    await agent.signIn("demo-agent", "demo-agent-pass");
    await agent.openWithKeyboard(handoff.id);
    await ap.keyboard.press("Alt+KeyC");
    await ap.locator(".held-by-me").waitFor({ state: "visible" });
    await ap.locator(".composer-meta .quiet").waitFor({ state: "visible" });

    // While the borrower is active, a reply is not proactive and goes through.
    await agent.say("您好，我在。");
    await borrower.sees("您好，我在。");

    // The borrower falls silent for longer than BORROWER_ACTIVE_MINUTES (1 minute).
    await waitFor("the borrower's active window to pass", 120_000, async () => {
      const h = await server.stores.handoffs.get(handoff.id);
      const last = Date.parse(h?.lastBorrowerMessageAt ?? "");
      return Number.isFinite(last) && Date.now() - last > 62_000 ? true : undefined;
    });
    await agent.say("请问您还在吗？");
    const refusal = ap.locator('[data-role="composer-error"]');
    await refusal.waitFor({ state: "visible" });
    // The refusal in the agent's words, with the time the window ends (from the server's 409 `until`).
    expect(await refusal.textContent()).to.match(/^未发送：当前为免打扰时段，且借款人近期没有发消息。\d{2}:\d{2} 之后可以再发送。$/);
    expect(await ap.locator("#composer").inputValue(), "the text stays in the composer").to.equal("请问您还在吗？");
    await screenshot(ap, "agent-desk-15-console-quiet-hours-refusal");
    const sent = (await borrower.stored()).map((x) => x.text ?? "").join("\n");
    expect(sent).to.include("您好，我在。");
    expect(sent).not.to.include("请问您还在吗");
    expect(agent.pageErrors).to.deep.equal([]);
  });
});
