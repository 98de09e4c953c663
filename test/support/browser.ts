/**
 * A real browser for the widget tests: Debian's chromium (/usr/bin/chromium) driven by
 * playwright-core (`npx playwright install` cannot download browsers here).
 *
 * Without chromium: locally a loud SKIPPED banner and `this.skip()`; with `CI` set, a failure —
 * a skipped browser suite is never counted as passing in CI.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const ARTIFACTS_DIR = path.resolve("test-artifacts");

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "!".repeat(width);
  return ["", bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar, ""].join("\n");
}

/**
 * Call from a `before` hook (with `function () { … }` so that `this` is mocha's context).
 * Returns a launched browser, or skips (locally) / throws (CI) when chromium is missing.
 */
export async function launchBrowserOrSkip(ctx: Mocha.Context, suite: string): Promise<Browser> {
  if (!chromiumAvailable()) {
    const msg = `${suite}: ${CHROMIUM_PATH} not found — install it with \`apt-get install -y chromium\``;
    if (process.env.CI) throw new Error(`${msg} (CI is set: browser tests must run)`);
    console.warn(banner([`SKIPPED: ${suite}`, `${CHROMIUM_PATH} is missing (apt-get install -y chromium).`, "These tests did NOT run."]));
    ctx.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Saves a full-page screenshot to test-artifacts/<name>.png; never fails the test. */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  try {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, "_")}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch {
    return undefined;
  }
}

/** Only loopback traffic: any request to another host is aborted (and recorded). */
export async function confineToLoopback(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
    if (loopback || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return blocked;
}
