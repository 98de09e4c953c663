import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Locale } from "../domain/classification.js";
import { XieshangError } from "../errors.js";

/** The borrower-facing message catalogs, one JSON file per locale (prompts/<locale>.json). */
export const CATALOG_FILES: Record<Locale, string> = {
  "zh-CN": fileURLToPath(new URL("../../prompts/zh-CN.json", import.meta.url)),
  en: fileURLToPath(new URL("../../prompts/en.json", import.meta.url)),
};

const CatalogSchema = z.record(z.string().regex(/^[a-z][A-Za-z0-9_.]*$/), z.string().min(1));
export type Catalog = Record<string, string>;
export type Params = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholder names in one message, sorted. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))].sort();
}

function loadOne(file: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new XieshangError("config", `message catalog ${file} cannot be read: ${(err as Error).message}`);
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    throw new XieshangError("config", `message catalog ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** Loads both catalogs and checks they have the same keys and the same placeholders per key. */
export function loadCatalogs(files: Record<Locale, string> = CATALOG_FILES): Record<Locale, Catalog> {
  const zh = loadOne(files["zh-CN"]);
  const en = loadOne(files.en);
  const problems: string[] = [];
  for (const key of new Set([...Object.keys(zh), ...Object.keys(en)])) {
    const a = zh[key];
    const b = en[key];
    if (a === undefined || b === undefined) problems.push(`${key} is missing in ${a === undefined ? "zh-CN" : "en"}`);
    else if (placeholders(a).join() !== placeholders(b).join()) problems.push(`${key} has different placeholders`);
  }
  if (problems.length > 0) throw new XieshangError("config", `message catalogs differ: ${problems.join("; ")}`);
  return { "zh-CN": zh, en };
}

let loaded: Record<Locale, Catalog> | undefined;

/** The catalogs, loaded and validated once (at start-up: createBot calls this). */
export function catalogs(): Record<Locale, Catalog> {
  loaded ??= loadCatalogs();
  return loaded;
}

/** Whether a key exists (both catalogs have the same keys). */
export function hasKey(key: string): boolean {
  return catalogs().en[key] !== undefined;
}

/** The raw template of a key, placeholders unfilled. */
export function template(locale: Locale, key: string): string {
  const message = catalogs()[locale][key];
  if (message === undefined) throw new XieshangError("config", `message catalog has no key ${key}`);
  return message;
}

/** Renders a message by key; every placeholder must be given (a missing one is a programming error). */
export function t(locale: Locale, key: string, params: Params = {}): string {
  return template(locale, key).replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new XieshangError("config", `message ${key} needs the parameter ${name}`);
    return String(value);
  });
}

/** The locale of an activity's `locale` field: zh* → zh-CN, anything else → en. */
export function localeOf(activityLocale: string | undefined): Locale {
  return activityLocale !== undefined && activityLocale.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}
