/**
 * In Chromium: the chat page works under its Content-Security-Policy with no violation, and a
 * bank's page on another origin (a second server on another port) embeds Web Chat against this
 * server's Direct Line through CORS (ALLOWED_ORIGINS) — and the same page on an origin that is
 * not allowed cannot converse.
 */
import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowserOrSkip, confineToLoopback, screenshot } from "../support/browser.js";
import { ATTACK_SECRET, startTarget, type Target } from "./harness.js";

const WAIT_MS = 30_000;

/** Records CSP violations (the DOM event) and console errors before any page script runs. */
async function watch(page: Page): Promise<{ violations: () => Promise<string[]>; consoleErrors: string[]; pageErrors: string[] }> {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), consoleErrors, pageErrors };
}

async function typeAndSee(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]').first();
  await box.waitFor({ state: "visible", timeout: WAIT_MS });
  await box.fill(text);
  await box.press("Enter");
  await page.getByText(text, { exact: false }).last().waitFor({ state: "visible", timeout: WAIT_MS });
}

/** Waits until the server stored a bot message after the borrower's message `text`. */
async function botAnswered(target: Target, text: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    for (const id of seen) {
      const entries = (await target.stores.transcripts.read(id)).map((e) => e.activity as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
      const mine = entries.findIndex((a) => a.type === "message" && a.from?.role === "user" && a.text === text);
      if (mine >= 0 && entries.slice(mine + 1).some((a) => a.type === "message" && a.from?.role === "bot")) return id;
    }
    if (Date.now() > deadline) throw new Error(`no bot answer to "${text}" within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Conversation ids the pages were given (learned from the token responses). */
const seen = new Set<string>();

/** A bank's own site: a page that embeds Web Chat from Xieshang, and its backend's token endpoint (holding the secret). */
async function startBankSite(getXieshang: () => string): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    if (req.method === "POST" && req.url === "/my-backend/xieshang-token") {
      // The bank's backend: the secret stays here.
      const r = await fetch(`${getXieshang()}/v3/directline/tokens/generate`, {
        method: "POST",
        headers: { authorization: `Bearer ${ATTACK_SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ user: { id: "dl_bank_customer_1" } }),
      });
      const body = (await r.json()) as { token: string; conversationId: string };
      seen.add(body.conversationId);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: body.token, userId: "dl_bank_customer_1" }));
      return;
    }
    if (req.url === "/" || req.url === "/index.html") {
      const x = getXieshang();
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html><head><meta charset="utf-8"><title>Bank</title></head>
<body>
<div id="webchat" style="height: 600px"></div>
<script src="${x}/webchat/webchat.js"></script>
<script>
  (async () => {
    const { token, userId } = await (await fetch("/my-backend/xieshang-token", { method: "POST" })).json();
    window.WebChat.renderWebChat({
      directLine: window.WebChat.createDirectLine({ token, domain: "${x}/v3/directline" }),
      userID: userId,
      locale: "en",
    }, document.getElementById("webchat"));
  })();
</script>
</body></html>`);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("In Chromium: CSP and cross-origin embedding", function () {
  this.timeout(180_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let blocked: string[];

  before(async function () {
    this.timeout(90_000);
    browser = await launchBrowserOrSkip(this, "CSP and CORS browser tests (test/security/browser.test.ts)");
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    blocked = await confineToLoopback(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") await screenshot(page, `security-${this.currentTest.title.slice(0, 50)}`);
    await context?.close().catch(() => {});
  });

  it("when a borrower chats on the page under its Content-Security-Policy, then the conversation works and no CSP violation or console error occurs", async () => {
    const target = await startTarget();
    try {
      const watched = await watch(page);
      const tokenResponse = page.waitForResponse((r) => r.url().endsWith("/api/widget/token"), { timeout: WAIT_MS });
      const response = await page.goto(`${target.url}/?locale=en`);
      expect(response?.headers()["content-security-policy"]).to.contain("script-src 'self'");
      const conversationId = ((await (await tokenResponse).json()) as { conversationId: string }).conversationId;
      seen.add(conversationId);
      await typeAndSee(page, "hello, I lost my job");
      await botAnswered(target, "hello, I lost my job");
      // The bot's answer is on the page too (the last bot bubble after ours).
      await page.locator(".webchat__bubble:not(.webchat__bubble--from-user)").nth(1).waitFor({ state: "visible", timeout: WAIT_MS });
      expect(await watched.violations(), "CSP violations").to.deep.equal([]);
      expect(watched.consoleErrors.filter((e) => /Content.Security.Policy|Refused to/i.test(e)), "CSP console errors").to.deep.equal([]);
      expect(watched.pageErrors, "uncaught page errors").to.deep.equal([]);
      expect(blocked).to.deep.equal([]);
    } finally {
      await target.close();
    }
  });

  it("when a bank's page on another origin in ALLOWED_ORIGINS embeds Web Chat against this server, then the conversation works through CORS", async () => {
    let xieshang = "";
    const bank = await startBankSite(() => xieshang);
    const target = await startTarget({ ALLOWED_ORIGINS: `http://127.0.0.1:${bank.port}` });
    xieshang = target.url;
    try {
      const watched = await watch(page);
      await page.goto(`http://127.0.0.1:${bank.port}/`);
      expect(new URL(page.url()).origin).to.not.equal(new URL(target.url).origin);
      await typeAndSee(page, "I need help with my repayments");
      const id = await botAnswered(target, "I need help with my repayments");
      expect(id).to.match(/^xsdl_/);
      await page.locator(".webchat__bubble:not(.webchat__bubble--from-user)").nth(1).waitFor({ state: "visible", timeout: WAIT_MS });
      expect(watched.consoleErrors.filter((e) => /CORS|blocked/i.test(e)), "CORS errors").to.deep.equal([]);
      expect(watched.pageErrors).to.deep.equal([]);
    } finally {
      await target.close();
      await bank.close();
    }
  });

  it("when the same page is served from an origin that is not allowed, then the browser blocks Direct Line and no message reaches the server", async () => {
    let xieshang = "";
    const bank = await startBankSite(() => xieshang);
    // Allowed: only another port, not the one this page comes from.
    const target = await startTarget({ ALLOWED_ORIGINS: "http://127.0.0.1:1" });
    xieshang = target.url;
    try {
      const watched = await watch(page);
      const seenBefore = new Set(seen);
      const activityPosts: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && /\/activities\b/.test(r.url())) activityPosts.push(r.url());
      });
      await page.goto(`http://127.0.0.1:${bank.port}/`);
      // The browser reports the CORS refusal (waited for, bounded — not a fixed sleep).
      const corsErrors = () => watched.consoleErrors.filter((e) => /CORS|Access-Control-Allow-Origin/i.test(e));
      for (const deadline = Date.now() + 20_000; corsErrors().length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(corsErrors().length, "the browser reports the CORS refusal").to.be.greaterThan(0);
      // The bank's backend got a conversation for this page (so the transcript checks below look at it).
      expect([...seen].filter((id) => !seenBefore.has(id)), "conversation minted for this page").to.have.length(1);
      // The borrower tries to send anyway.
      const text = "I need help with my repayments";
      const box = page.locator('[data-id="webchat-sendbox-input"]').first();
      await box.waitFor({ state: "visible", timeout: WAIT_MS });
      await box.fill(text);
      await box.press("Enter");
      // Bounded wait for anything the attempt could have stored on the server.
      const userMessages = async () => {
        let n = 0;
        for (const id of seen) n += (await target.stores.transcripts.read(id)).filter((e) => (e.activity.from as { role?: string } | undefined)?.role === "user" && e.activity.type === "message").length;
        return n;
      };
      for (const deadline = Date.now() + 3_000; (await userMessages()) === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      expect(await box.inputValue(), "Web Chat could not send: the text stays in the send box").to.equal(text);
      expect(activityPosts, "no activity POSTed").to.deep.equal([]);
      for (const id of seen) {
        const entries = await target.stores.transcripts.read(id);
        expect(entries.filter((e) => (e.activity.from as { role?: string } | undefined)?.role === "user" && e.activity.type === "message")).to.deep.equal([]);
      }
    } finally {
      await target.close();
      await bank.close();
    }
  });
});
