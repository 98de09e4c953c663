/* Formatting helpers: waiting times, clock times, money in minor units. Pure functions. */

/** 65 → "1:05", 3725 → "1:02:05". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
}

export function clock(iso, locale) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleTimeString(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit" });
}

export function dateTime(iso, locale) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleString(locale === "en" ? "en-GB" : "zh-CN", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

/** 123456 → "¥1,234.56" (en) or "1,234.56 元" (zh-CN), as the borrower catalogs do. */
export function money(minor, locale) {
  if (typeof minor !== "number" || !Number.isFinite(minor)) return "—";
  const n = (minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return locale === "en" ? `¥${n}` : `${n} 元`;
}

/** "1,234.5" → 123450; "" → undefined; not a number → NaN. */
export function parseYuan(text) {
  const clean = String(text).replace(/[,\s¥元]/g, "");
  if (clean === "") return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean) * 100);
}

export function yuanText(minor) {
  return typeof minor === "number" ? String(minor / 100) : "";
}

/** A summary's waiting seconds now: the server's figure plus the time since it arrived. */
export function waitingNow(summary, nowMs) {
  const base = typeof summary.waitingSeconds === "number" ? summary.waitingSeconds : (nowMs - Date.parse(summary.createdAt)) / 1000;
  return base + (nowMs - (summary.receivedAt ?? nowMs)) / 1000;
}
