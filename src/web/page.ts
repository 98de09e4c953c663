import catalogJson from "./catalog.json" with { type: "json" };

/** The widget's own strings, per locale (borrower-facing text lives in catalog.json only). */
export type WidgetLocale = "zh-CN" | "en";
export interface WidgetStrings {
  languageName: string;
  title: string;
  header: string;
  subheader: string;
  switchLabel: string;
  loading: string;
  error: string;
}
export const widgetCatalog: Record<WidgetLocale, WidgetStrings> = catalogJson;
export const WIDGET_LOCALES: readonly WidgetLocale[] = ["zh-CN", "en"];

/** "en-GB" → "en", "zh-Hans-CN" → "zh-CN"; anything else → undefined. */
export function normaliseLocale(tag: string | undefined | null): WidgetLocale | undefined {
  if (!tag) return undefined;
  if (/^en\b/i.test(tag)) return "en";
  if (/^zh\b/i.test(tag)) return "zh-CN";
  return undefined;
}

/** `?locale=` first, then the first supported Accept-Language entry, then zh-CN. */
export function pickLocale(query: unknown, acceptLanguage: string | undefined): WidgetLocale {
  const fromQuery = typeof query === "string" ? normaliseLocale(query) : undefined;
  if (fromQuery) return fromQuery;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const l = normaliseLocale(part.split(";")[0]?.trim());
    if (l) return l;
  }
  return "zh-CN";
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** JSON safe inside <script type="application/json">. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

export function renderWidgetPage(locale: WidgetLocale, paths: { bundle: string; widget: string }): string {
  const t = widgetCatalog[locale];
  const buttons = WIDGET_LOCALES.map(
    (l) => `<button type="button" data-locale="${l}" lang="${l}" aria-pressed="${l === locale}">${escapeHtml(widgetCatalog[l].languageName)}</button>`,
  ).join("");
  return `<!doctype html>
<html lang="${locale}" data-default-locale="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
  html, body { height: 100%; margin: 0; font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; }
  body { display: flex; flex-direction: column; background: #f5f6f8; }
  header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .75rem 1rem; background: #8c1d18; color: #fff; }
  header h1 { font-size: 1.1rem; margin: 0; }
  header p { font-size: .85rem; margin: .25rem 0 0; opacity: .9; }
  #xs-switch button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 4px; padding: .25rem .6rem; cursor: pointer; }
  #xs-switch button[aria-pressed="true"] { background: #fff; color: #8c1d18; }
  main { flex: 1; min-height: 0; display: flex; flex-direction: column; max-width: 760px; width: 100%; margin: 0 auto; background: #fff; }
  #webchat { flex: 1; min-height: 0; }
  #xs-status { padding: 1rem; color: #555; }
</style>
</head>
<body>
<header>
  <div><h1 id="xs-header">${escapeHtml(t.header)}</h1><p id="xs-subheader">${escapeHtml(t.subheader)}</p></div>
  <div id="xs-switch" role="group" aria-label="${escapeHtml(t.switchLabel)}">${buttons}</div>
</header>
<main>
  <div id="xs-status" role="status" data-state="loading">${escapeHtml(t.loading)}</div>
  <div id="webchat" role="main"></div>
</main>
<script id="xs-catalog" type="application/json">${scriptJson(widgetCatalog)}</script>
<script src="${paths.bundle}"></script>
<script src="${paths.widget}"></script>
</body>
</html>
`;
}
