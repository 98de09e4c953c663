/**
 * An agent in the real console page (/agent, Chromium): signs in, moves in the queue and claims
 * with the keyboard, writes in the composer, edits facts and sends offers, hands back. Reads the
 * page the way the agent sees it (roles, labels, text), never the API behind it.
 */
import { expect } from "chai";
import type { Page } from "playwright-core";
import { UI_WAIT_MS } from "./widget.js";

export class AgentConsolePage {
  readonly pageErrors: string[] = [];
  readonly cspViolations: string[] = [];

  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    page.on("pageerror", (e) => this.pageErrors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) this.cspViolations.push(m.text());
    });
  }

  async open(lang: "zh-CN" | "en" = "zh-CN"): Promise<void> {
    await this.page.goto(`${this.url}/agent?lang=${lang}`, { timeout: UI_WAIT_MS });
  }

  async signIn(agentId: string, password: string): Promise<void> {
    await this.page.locator('input[name="agentId"]').fill(agentId);
    await this.page.locator('input[name="password"]').fill(password);
    await this.page.locator('input[name="password"]').press("Enter");
    await this.page.locator(".queue").waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await this.page.locator('[data-stream="live"]').waitFor({ timeout: UI_WAIT_MS });
  }

  row(handoffId: string) {
    return this.page.locator(`.queue-row[data-id="${handoffId}"]`);
  }

  /** Alt+Q to the queue, arrow keys to the row, Enter to open it — no mouse. */
  async openWithKeyboard(handoffId: string): Promise<void> {
    await this.row(handoffId).waitFor({ state: "visible", timeout: UI_WAIT_MS });
    await this.page.keyboard.press("Alt+KeyQ");
    for (let i = 0; i < 50; i++) {
      const focused = await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.id ?? null);
      if (focused === handoffId) break;
      await this.page.keyboard.press("ArrowDown");
    }
    expect(await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.id), "the row has the focus").to.equal(handoffId);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".conversation .transcript").waitFor({ state: "visible", timeout: UI_WAIT_MS });
  }

  transcript() {
    return this.page.locator(".conversation .transcript");
  }

  /** Waits for a line from `from` whose text contains `text`. */
  async seesLine(from: "borrower" | "bot" | "agent" | "system", text: string): Promise<void> {
    await this.transcript().locator(`.line[data-from="${from}"]`).filter({ hasText: text }).last().waitFor({ state: "visible", timeout: UI_WAIT_MS });
  }

  /** Focuses the composer with Alt+M, types, sends with Enter. */
  async say(text: string): Promise<void> {
    await this.page.keyboard.press("Alt+KeyM");
    expect(await this.page.evaluate(() => document.activeElement?.id)).to.equal("composer");
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) await this.page.keyboard.press("Shift+Enter");
      await this.page.keyboard.type(lines[i]!);
    }
    await this.page.keyboard.press("Enter");
  }
}
