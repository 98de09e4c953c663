/* The agent's own interface language (zh-CN default), independent of the borrower's. Strings come
 * from prompts/agent.<locale>.json, served as JSON by the console router. */
export const LOCALES = ["zh-CN", "en"];
const STORAGE_KEY = "xs-agent-locale";

export function initialLocale() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LOCALES.includes(saved)) return saved;
  } catch {
    /* storage may be off */
  }
  const fromQuery = new URLSearchParams(location.search).get("lang");
  return LOCALES.includes(fromQuery) ? fromQuery : "zh-CN";
}

export function rememberLocale(locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* storage may be off */
  }
}

const cache = new Map();

export async function loadCatalog(locale) {
  if (cache.has(locale)) return cache.get(locale);
  const res = await fetch(`/agent/assets/i18n/${encodeURIComponent(locale)}.json`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`catalog ${locale}: ${res.status}`);
  const catalog = await res.json();
  cache.set(locale, catalog);
  return catalog;
}

/** t("queue.waiting", { time }) — a missing key shows the key (and the parity test catches it). */
export function translator(catalog) {
  return (key, params) => {
    const message = catalog[key];
    if (message === undefined) return key;
    return params ? message.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name]))) : message;
  };
}
