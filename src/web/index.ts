import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Request, type Router } from "express";
import { DirectLineTokens, newConversationId, newUserId } from "../channels/directline/tokens.js";
import { XieshangError } from "../errors.js";
import { errorHandler, HttpError } from "../http/errorHandler.js";
import { silentLogger, type Logger } from "../log.js";
import { pickLocale, renderWidgetPage } from "./page.js";

export { widgetCatalog, pickLocale, renderWidgetPage, type WidgetLocale, type WidgetStrings } from "./page.js";

export const WEBCHAT_BUNDLE_PATH = "/webchat/webchat.js";
export const WIDGET_SCRIPT_PATH = "/web/widget.js";
export const WIDGET_TOKEN_PATH = "/api/widget/token";

/**
 * The official Web Chat UMD bundle from the installed package. Its `exports` hide `dist/`, so
 * resolve the package entry and walk up to the package root.
 */
export function resolveWebChatBundle(): string {
  const entry = createRequire(import.meta.url).resolve("botframework-webchat");
  let dir = dirname(entry);
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const name = (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name;
      if (name === "botframework-webchat") {
        const bundle = join(dir, "dist", "webchat.js");
        if (!existsSync(bundle)) throw new XieshangError("config", "botframework-webchat is installed without dist/webchat.js");
        return bundle;
      }
    }
    dir = dirname(dir);
  }
  throw new XieshangError("config", "cannot find the botframework-webchat package root");
}

export interface WidgetTokenRateLimit {
  /** Tokens per window per client address. */
  max: number;
  windowMs: number;
}

export interface WidgetRouterOptions {
  /** The Direct Line secret: it signs tokens here and never leaves the server. */
  secret: string;
  tokenTtlSeconds: number;
  log?: Logger;
  /** Default: 20 tokens per minute per address. */
  rateLimit?: WidgetTokenRateLimit;
  now?: () => number;
}

/** A fixed-window counter per key, in memory (one instance; a light brake, not a defence). */
class FixedWindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();
  constructor(
    private readonly limit: WidgetTokenRateLimit,
    private readonly now: () => number,
  ) {}

  /** Returns 0 when allowed, else the seconds until the window resets. */
  take(key: string): number {
    const t = this.now();
    if (t - this.windowStart >= this.limit.windowMs) {
      this.windowStart = t;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n <= this.limit.max) return 0;
    return Math.max(1, Math.ceil((this.windowStart + this.limit.windowMs - t) / 1000));
  }
}

/** A cross-site page may not mint tokens from the borrower's browser. */
function requireSameOrigin(req: Request): void {
  const origin = req.get("origin");
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new XieshangError("forbidden", "cross-origin token requests are not allowed");
  }
  if (host !== req.get("host")) throw new XieshangError("forbidden", "cross-origin token requests are not allowed");
}

/**
 * The borrower's chat page: `GET /` and `/index.html` (Web Chat + locale switch),
 * `GET /webchat/webchat.js` (the official bundle), `GET /web/widget.js` (our page script), and
 * `POST /api/widget/token` (a Direct Line token for a new conversation — the pattern a bank's
 * own backend follows, so the secret stays on the server).
 */
export function createWidgetRouter(options: WidgetRouterOptions): Router {
  const log = options.log ?? silentLogger;
  const tokens = new DirectLineTokens(options.secret, options.tokenTtlSeconds, options.now);
  const limiter = new FixedWindowLimiter(options.rateLimit ?? { max: 20, windowMs: 60_000 }, options.now ?? Date.now);
  const bundlePath = resolveWebChatBundle();
  const widgetScript = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "public", "widget.js"), "utf8");
  const router = express.Router();

  router.get(["/", "/index.html"], (req, res) => {
    const locale = pickLocale(req.query.locale, req.get("accept-language"));
    res
      .type("html")
      .set("Cache-Control", "no-cache")
      .set("X-Content-Type-Options", "nosniff")
      .set("Referrer-Policy", "no-referrer")
      .send(renderWidgetPage(locale, { bundle: WEBCHAT_BUNDLE_PATH, widget: WIDGET_SCRIPT_PATH }));
  });

  router.get(WEBCHAT_BUNDLE_PATH, (_req, res, next) => {
    res.sendFile(
      bundlePath,
      { maxAge: "1d", headers: { "Content-Type": "text/javascript; charset=utf-8", "X-Content-Type-Options": "nosniff" } },
      (error) => {
        if (error && !res.headersSent) next(error);
      },
    );
  });

  // No icon: answer quietly instead of a 404 in the borrower's console.
  router.get("/favicon.ico", (_req, res) => {
    res.status(204).set("Cache-Control", "public, max-age=86400").end();
  });

  router.get(WIDGET_SCRIPT_PATH, (_req, res) => {
    res.type("text/javascript; charset=utf-8").set("Cache-Control", "no-cache").set("X-Content-Type-Options", "nosniff").send(widgetScript);
  });

  router.post(WIDGET_TOKEN_PATH, async (req, res, next) => {
    try {
      requireSameOrigin(req);
      const retryAfter = limiter.take(req.ip ?? "unknown");
      if (retryAfter > 0) {
        log.warn("widget.token_rate_limited", {});
        throw new HttpError("unavailable", "too many token requests; try again shortly", {
          status: 429,
          headers: { "Retry-After": String(retryAfter) },
        });
      }
      const conversationId = newConversationId();
      const userId = newUserId();
      const issued = await tokens.issue({ conversationId, userId });
      res.set("Cache-Control", "no-store").json({ conversationId, userId, ...issued });
    } catch (error) {
      next(error);
    }
  });

  router.use(WIDGET_TOKEN_PATH, errorHandler(log));
  return router;
}
