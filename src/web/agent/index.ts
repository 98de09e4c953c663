import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type Router } from "express";
import { loadCatalogs, type Catalog } from "../../i18n/catalog.js";
import { XieshangError } from "../../errors.js";
import type { Locale } from "../../domain/classification.js";

/**
 * The agent console (issue 8 item 3): one HTML shell at `/agent`, its ES modules and stylesheet
 * under `/agent/assets/`, the UI library (preact + htm, one self-contained ES module from the
 * installed `htm` package) at `/agent/assets/vendor/preact-htm.js`, and the agent's own strings at
 * `/agent/assets/i18n/<locale>.json` (prompts/agent.<locale>.json). The page talks only to `/agent/api`.
 *
 * Nothing inline: no inline script or style, so a strict `script-src 'self'` CSP holds.
 */
export const AGENT_PAGE_PATH = "/agent";
export const AGENT_ASSETS_PATH = "/agent/assets";
export const AGENT_VENDOR_PATH = "/agent/assets/vendor/preact-htm.js";
export const AGENT_I18N_PATH = "/agent/assets/i18n";

const here = dirname(fileURLToPath(import.meta.url));
export const AGENT_PUBLIC_DIR = join(here, "public");

export const AGENT_CATALOG_FILES: Record<Locale, string> = {
  "zh-CN": fileURLToPath(new URL("../../../prompts/agent.zh-CN.json", import.meta.url)),
  en: fileURLToPath(new URL("../../../prompts/agent.en.json", import.meta.url)),
};

/** Both agent catalogs, validated (same keys, same placeholders) — throws at start-up otherwise. */
export function agentCatalogs(): Record<Locale, Catalog> {
  return loadCatalogs(AGENT_CATALOG_FILES);
}

/** htm's "preact/standalone" build: preact + hooks + htm in one ES module with no bare imports. */
export function resolvePreactHtm(): string {
  const entry = createRequire(import.meta.url).resolve("htm");
  let dir = dirname(entry);
  for (let i = 0; i < 6; i++) {
    const file = join(dir, "preact", "standalone.module.js");
    if (existsSync(join(dir, "package.json")) && existsSync(file)) return file;
    dir = dirname(dir);
  }
  throw new XieshangError("config", "cannot find htm/preact/standalone.module.js (is the htm package installed?)");
}

/** The page shell: a mount point, the stylesheet and one module script. */
export function renderAgentPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>协商 · 坐席台</title>
<link rel="stylesheet" href="${AGENT_ASSETS_PATH}/agent.css">
<script type="module" src="${AGENT_ASSETS_PATH}/app.js"></script>
</head>
<body>
<div id="app" data-state="loading"><p class="boot">…</p></div>
</body>
</html>
`;
}

const SECURITY_HEADERS = { "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" } as const;

export function createAgentConsoleRouter(): Router {
  const catalogs = agentCatalogs();
  const vendor = resolvePreactHtm();
  const page = renderAgentPage();
  const router = express.Router();

  router.get([AGENT_PAGE_PATH, `${AGENT_PAGE_PATH}/`], (_req, res) => {
    res.type("html").set("Cache-Control", "no-cache").set(SECURITY_HEADERS).set("X-Frame-Options", "DENY").send(page);
  });

  router.get(AGENT_VENDOR_PATH, (_req, res, next) => {
    res.sendFile(vendor, { maxAge: "1d", headers: { "Content-Type": "text/javascript; charset=utf-8", ...SECURITY_HEADERS } }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });

  router.get(`${AGENT_I18N_PATH}/:file`, (req, res) => {
    const locale = req.params.file.replace(/\.json$/, "");
    if (locale !== "zh-CN" && locale !== "en") {
      res.status(404).json({ error: { code: "NotFound", message: "no catalog for that locale (zh-CN or en)" } });
      return;
    }
    res.set("Cache-Control", "no-cache").set(SECURITY_HEADERS).json(catalogs[locale]);
  });

  router.use(
    AGENT_ASSETS_PATH,
    express.static(AGENT_PUBLIC_DIR, {
      index: false,
      dotfiles: "deny",
      fallthrough: true,
      setHeaders: (res) => {
        res.set("Cache-Control", "no-cache");
        res.set(SECURITY_HEADERS);
      },
    }),
  );
  return router;
}

/** Mounts the console page and its assets on the app (the API is mounted separately). */
export function mountAgentConsole(app: Express): void {
  app.use(createAgentConsoleRouter());
}
