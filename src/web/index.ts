import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Request, type Router } from "express";
import { DirectLineTokens, newConversationId, newUserId, type RefreshLimits } from "../channels/directline/tokens.js";
import { createRateLimits, type RateLimits } from "../security/rateLimits.js";
import { XieshangError } from "../errors.js";
import { errorHandler } from "../http/errorHandler.js";
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

export interface WidgetRouterOptions {
  /** The Direct Line secret: it signs tokens here and never leaves the server. */
  secret: string;
  tokenTtlSeconds: number;
  log?: Logger;
  /** Token minting per address (and the other limits); default: 20 per minute per address, in memory. */
  rateLimits?: RateLimits;
  /** Origins of other sites allowed to ask for a token (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** PUBLIC_URL: this server's own origin; without it, the Origin must match the Host the browser used. */
  publicUrl?: string | undefined;
  now?: () => number;
  refreshLimits?: RefreshLimits;
}

/**
 * Only this site's own page, or a page of a configured origin, may mint tokens: browsers always
 * send Origin on a POST, so a request without one did not come from a page (403), and a page on
 * another site cannot forge it.
 */
function requireAllowedOrigin(req: Request, allowed: ReadonlySet<string>, publicUrl: string | undefined): void {
  const origin = req.get("origin");
  if (!origin) throw new XieshangError("forbidden", "Origin: is required (token requests come from the chat page)");
  if (allowed.has(origin)) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  const same = parsed !== undefined && (publicUrl ? parsed.origin === publicUrl : parsed.host === req.get("host"));
  if (!same) throw new XieshangError("forbidden", "Origin: cross-origin token requests are only allowed from ALLOWED_ORIGINS");
}

/**
 * The borrower's chat page: `GET /` and `/index.html` (Web Chat + locale switch),
 * `GET /webchat/webchat.js` (the official bundle), `GET /web/widget.js` (our page script), and
 * `POST /api/widget/token` (a Direct Line token for a new conversation — the pattern a bank's
 * own backend follows, so the secret stays on the server).
 */
export function createWidgetRouter(options: WidgetRouterOptions): Router {
  const log = options.log ?? silentLogger;
  const tokens = new DirectLineTokens(options.secret, options.tokenTtlSeconds, options.now, options.refreshLimits);
  const limits =
    options.rateLimits ??
    createRateLimits(
      { tokensPerAddress: 20, tokensPerConversation: 0, postsPerAddress: 0, postsPerConversation: 0, socketsPerAddress: 0, socketsPerConversation: 0 },
      { log },
    );
  const allowed = new Set(options.allowedOrigins ?? []);
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
      requireAllowedOrigin(req, allowed, options.publicUrl);
      await limits.consume("tokens", { address: req.ip ?? "unknown" });
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
