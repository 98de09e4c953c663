import type { Locale } from "../domain/classification.js";

/** Money from integer minor units (fen): ¥1,234.56 in English, 1,234.56 元 in Chinese. */
export function formatMoney(minor: number, locale: Locale): string {
  const negative = minor < 0;
  const abs = Math.abs(Math.trunc(minor));
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fen = (abs % 100).toString().padStart(2, "0");
  const number = `${negative ? "-" : ""}${whole}.${fen}`;
  return locale === "zh-CN" ? `${number} 元` : `¥${number}`;
}

/** A yearly rate in basis points as a percentage: 1800 → 18.00%. */
export function formatRate(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}
