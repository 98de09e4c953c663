import type { Config } from "./config.js";

/**
 * Structured JSON logs. Callers pass event names and non-personal fields only (ids, codes,
 * counts); as a second line of defence, strings that look like ID, phone or card numbers are
 * masked before anything is written.
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
type Level = (typeof LEVELS)[number];

/** 15–19 digit runs (ID and card numbers), 11-digit mobiles, and 18-char IDs ending in X. */
const SENSITIVE = /\d{15,19}|\d{17}[\dXx]|1[3-9]\d{9}/g;

export function mask(value: string): string {
  return value.replace(SENSITIVE, (m) => `${"*".repeat(m.length - 4)}${m.slice(-4)}`);
}

export function createLogger(level: Config["LOG_LEVEL"], write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const min = LEVELS.indexOf(level);
  const emit = (lvl: Level) => (event: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS.indexOf(lvl) < min) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level: lvl, event, ...fields });
    write(`${mask(line)}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = createLogger("silent");
