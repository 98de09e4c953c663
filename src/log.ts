import { pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from "pino";
import type { Config } from "./config.js";

/**
 * Structured JSON logs through pino. Callers pass event names and non-personal fields only (ids,
 * codes, counts). Two lines of defence behind that: redaction of every field that could carry a
 * borrower's words or identity (`REDACT`), and masking of anything that looks like an ID, phone
 * or card number in the written line (`mask`).
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** The pino logger behind it, when there is one (HTTP request logs use it). */
  readonly pino?: PinoLogger;
}

/**
 * Field paths that may hold personal data, at the top level and one level down (pino-http puts
 * the request under `req`): free text, names, numbers, answers, credentials.
 */
const PERSONAL = ["text", "words", "name", "userName", "phone", "mobile", "idNumber", "cardNumber", "card", "answer", "answers", "facts", "transcript", "note", "textShown", "address", "email", "token", "secret", "password"];
export const REDACT: string[] = [
  ...PERSONAL,
  ...PERSONAL.map((p) => `*.${p}`),
  "from.name",
  "*.from.name",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.query",
  "req.body",
  "res.headers['set-cookie']",
];

/** 15–19 digit runs (ID and card numbers), 11-digit mobiles, and 18-char IDs ending in X. */
const SENSITIVE = /\d{15,19}|\d{17}[\dXx]|1[3-9]\d{9}/g;

export function mask(value: string): string {
  return value.replace(SENSITIVE, (m) => `${"*".repeat(m.length - 4)}${m.slice(-4)}`);
}

/** The pino options every Xieshang logger uses (one line of JSON: level label, ISO time, event). */
function pinoOptions(level: Config["LOG_LEVEL"]) {
  return {
    level,
    base: undefined,
    messageKey: "event",
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT, censor: "[redacted]" },
    hooks: { streamWrite: mask },
  };
}

/**
 * A logger at `level` writing to standard error, or to `write` (tests; one call per line).
 * Same meaning at every call site as before: `log.info("event.name", { id, count })`.
 */
export function createLogger(level: Config["LOG_LEVEL"], write?: (line: string) => void): Logger {
  const destination: DestinationStream = write ? { write } : pino.destination({ dest: 2, sync: true });
  const p = pino(pinoOptions(level), destination);
  const emit = (lvl: "debug" | "info" | "warn" | "error") => (event: string, fields: Record<string, unknown> = {}) => {
    if (p.isLevelEnabled(lvl)) p[lvl](fields, event);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error"), pino: p };
}

export const silentLogger: Logger = createLogger("silent");
