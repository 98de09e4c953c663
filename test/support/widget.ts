/**
 * A scripted borrower in the widget page (Debian chromium via playwright-core): decides what to
 * answer from the transcript the server stored (through the message catalogs), then does it in the
 * page — types into the send box or presses the button with that title. Every wait is bounded.
 */
import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { startInstance } from "../../src/compose.js";
import type { Stores } from "../../src/store/types.js";
import type { RunningServer } from "../../src/server.js";
import { confineToLoopback, launchBrowserOrSkip, screenshot } from "./browser.js";
import type { DirectLineActivity } from "./directlineClient.js";
import { answer, lastQuestion, readable, type BorrowerProfile, type QuestionKey } from "../multi-instance/borrower.js";

export const UI_WAIT_MS = 30_000;
export const TURN_WAIT_MS = 30_000;


export type ServerWithStores = RunningServer & { stores: Stores };

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 25;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 250);
  }
}

/** The conversation as the server stored it (the transcript is the source of truth). */
export async function transcript(stores: Stores, conversationId: string): Promise<DirectLineActivity[]> {
  return (await stores.transcripts.read(conversationId)).map((e) => e.activity as unknown as DirectLineActivity);
}

export const isBorrower = (a: DirectLineActivity) => a.from?.role === "user" && a.type === "message";
export const isBotMessage = (a: DirectLineActivity) => a.from?.role !== "user" && a.type === "message";

/** The bot's messages after the borrower's last message (or all of them before the first). */
export function latestReplies(all: DirectLineActivity[]): DirectLineActivity[] {
  let lastUser = -1;
  all.forEach((a, i) => {
    if (isBorrower(a)) lastUser = i;
  });
  return all.slice(lastUser + 1).filter(isBotMessage);
}

/**
 * The start of a message's first line as a pattern to find it on the page. Web Chat renders
 * markdown (typographic quotes and dashes, no `*`), so punctuation matches any character.
 */
export function snippet(text: string): RegExp {
  const line = text.split("\n").map((l) => l.replace(/[*_`#>•]/g, "").trim()).find((l) => l.length > 0) ?? "";
  const source = [...line.slice(0, 16)]
    .map((ch) => (/[\p{L}\p{N}]/u.test(ch) ? ch : /\s/.test(ch) ? "\\s+" : "."))
    .join("");
  return new RegExp(source, "u");
}

export class WidgetBorrower {
  conversationId = "";
  readonly pageErrors: string[] = [];
  /** Question keys answered by typing, and by pressing a button. */
  readonly typed: string[] = [];
  readonly clicked: string[] = [];
  private sentMessages = 0;

  constructor(
    readonly page: Page,
    readonly server: ServerWithStores,
    readonly profile: BorrowerProfile,
    readonly name: string,
  ) {
    page.on("pageerror", (e) => this.pageErrors.push(e.message));
  }

  /** Opens the widget page and learns the conversation id from the token the page fetched. */
  async open(): Promise<void> {
    const tokenResponse = this.page.waitForResponse((r) => r.url().endsWith("/api/widget/token") && r.request().method() === "POST", {
      timeout: UI_WAIT_MS,
    });
    await this.page.goto(`${this.server.url}/?locale=${encodeURIComponent(this.profile.locale)}`, { timeout: UI_WAIT_MS });
    const res = await tokenResponse;
    expect(res.status(), "the page got a Direct Line token").to.equal(200);
    this.conversationId = ((await res.json()) as { conversationId: string }).conversationId;
    expect(this.conversationId).to.be.a("string").and.not.equal("");
  }

  async stored(): Promise<DirectLineActivity[]> {
    return transcript(this.server.stores, this.conversationId);
  }

  /** Waits until the bot has answered the borrower's latest message (in the store) and the page shows it. */
  async settle(): Promise<DirectLineActivity[]> {
    const replies = await waitFor(`the bot's reply (conversation ${this.conversationId})`, TURN_WAIT_MS, async () => {
      const all = await this.stored();
      if (all.filter(isBorrower).length < this.sentMessages) return undefined;
      const r = latestReplies(all);
      return r.length > 0 && lastQuestion(r, this.profile.locale) !== undefined ? r : undefined;
    });
    const last = replies[replies.length - 1]!;
    const piece = snippet(readable(last));
    if (piece.source !== "(?:)") await this.page.getByText(piece, { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
    return replies;
  }

  async type(text: string): Promise<void> {
    const box = this.page.locator('[data-id="webchat-sendbox-input"]').first();
    await box.waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await box.fill(text);
    await box.press("Enter");
    this.sentMessages++;
  }

  async click(title: string): Promise<void> {
    const button = this.page.locator("#webchat").getByRole("button", { name: title, exact: true }).last();
    await button.waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await button.click({ timeout: UI_WAIT_MS });
    this.sentMessages++;
  }

  /** Answers questions, by typing and clicking, until the bot asks `until` or the agreement is saved. */
  async negotiate(screens: Partial<Record<QuestionKey, string>> = {}, maxSteps = 30, until?: QuestionKey): Promise<string> {
    for (let i = 0; i < maxSteps; i++) {
      const replies = await this.settle();
      const key = lastQuestion(replies, this.profile.locale)?.key;
      if (key && screens[key]) await screenshot(this.page, `${this.name}-${screens[key]}`);
      if (until !== undefined && key === until) return "";
      const a = answer(this.profile, replies);
      if (a.kind === "done") return a.reference;
      if (a.kind === "stuck") throw new Error(`the borrower is stuck: ${a.why}`);
      if (a.kind === "type") {
        await this.type(a.text);
        this.typed.push(a.key);
      } else {
        await this.click(a.title);
        this.clicked.push(a.key);
      }
    }
    throw new Error(`no agreement within ${maxSteps} steps`);
  }

  /** Waits until the widget shows `text` (a message from the agent or the bot). */
  async sees(text: string | RegExp): Promise<void> {
    await this.page.locator("#webchat").getByText(text, { exact: false }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
  }
}

/** What a widget suite's tests use: the server, and this test's page and context. */
export interface WidgetSuite {
  server: ServerWithStores;
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to make outside loopback (aborted). */
  blocked: string[];
}

/**
 * Mocha hooks for a widget suite: Chromium and one server with the embedded defaults (memory store,
 * offline classifier, demo accounts, a random Direct Line secret) per suite; a fresh context and
 * page per test at `viewport`, confined to loopback, with a screenshot when the test fails.
 */
export function useWidgetSuite(what: string, viewport: { width: number; height: number }): () => WidgetSuite {
  let browser: Browser | undefined;
  let server: ServerWithStores | undefined;
  let current: WidgetSuite | undefined;

  before(async function () {
    this.timeout(90_000);
    browser = await launchBrowserOrSkip(this, what);
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
    expect(config.REDIS_URL, "embedded defaults: no Redis").to.equal(undefined);
    server = await startInstance(config, silentLogger);
    expect(server.stores.kind, "embedded defaults use the memory store").to.equal("memory");
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  });

  beforeEach(async function () {
    this.timeout(30_000);
    const context = await browser!.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_WAIT_MS);
    current = { server: server!, context, page, blocked: await confineToLoopback(page) };
  });

  afterEach(async function () {
    this.timeout(30_000);
    if (this.currentTest?.state === "failed" && current) await screenshot(current.page, `failed-${this.currentTest.title.slice(0, 60)}`);
    await current?.context.close().catch(() => {});
    current = undefined;
  });

  return () => {
    if (!current) throw new Error("useWidgetSuite: used outside a test");
    return current;
  };
}
