import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ExpectedDuration, Reason } from "../domain/case.js";
import { XieshangError } from "../errors.js";
import { formatIssues } from "./issues.js";
import { systemMessage } from "./system-message.js";

/** The built-in policy pack, next to this module (copied beside the compiled file in dist/). */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL("./policies/cn-2026.1.json", import.meta.url));

const months = z.int().min(1);
const limit = z.int().nonnegative();
const citation = z.string().trim().min(1);
const reasons = z
  .array(Reason)
  .min(1)
  .refine((r) => new Set(r).size === r.length, "must not repeat a reason");

/**
 * A policy pack: the thresholds a compliance officer may change without a deploy. Rule order
 * and formulas are code (src/rules). Unknown keys are rejected so a misspelt threshold cannot
 * silently fall back to nothing.
 */
export const PolicySchema = z.strictObject({
  policyVersion: z.string().regex(/^[a-z]{2}-\d{4}\.\d+$/, "must look like cn-2026.1"),
  escalation: z.strictObject({
    /** ESC_RECOVERIES fires when daysPastDue is above this. */
    recoveriesAfterDaysPastDue: limit,
    /** ESC_AUTHORITY fires when outstandingMinor is above this. */
    authorityLimitMinor: limit,
    /** ESC_BROKEN fires when brokenArrangementsLast12m is at least this. */
    brokenArrangementsLimit: z.int().min(1),
  }),
  /** Reasons that are expected to pass (deferral needs one). */
  temporaryReasons: reasons,
  deferral: z.strictObject({
    /** Expected durations that allow a deferral, and its length; a missing duration never does. */
    monthsByExpectedDuration: z.partialRecord(ExpectedDuration, months),
    maxDaysPastDue: limit,
    maxArrangementsLast12m: limit,
    citation,
  }),
  extension: z
    .strictObject({
      maxDaysPastDue: limit,
      /** 《贷款通则》第十二条: original term up to this → extension up to the original term. */
      shortTermMaxOriginalMonths: months,
      /** … up to this → extension up to half the original term (rounded down). */
      mediumTermMaxOriginalMonths: months,
      /** … longer → extension up to this many months. */
      longTermMaxExtensionMonths: months,
      citation,
    })
    .refine((e) => e.shortTermMaxOriginalMonths < e.mediumTermMaxOriginalMonths, {
      path: ["mediumTermMaxOriginalMonths"],
      message: "must be greater than shortTermMaxOriginalMonths",
    }),
  instalment: z.strictObject({ maxMonths: months, citation }),
  waiver: z.strictObject({
    reasons,
    /** A waiver of more than this needs an agent's approval. */
    approvalAboveMinor: limit,
    citation,
  }),
});
export type Policy = z.infer<typeof PolicySchema>;

/**
 * Validates a policy pack already read from `source` (a file name, for the message).
 * @throws XieshangError("policy", "<source>: <path>: <problem>")
 */
export function parsePolicy(json: unknown, source: string): Policy {
  const parsed = PolicySchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new XieshangError("policy", `${source}: ${formatIssues(parsed.error.issues)}`);
  return deepFreeze(parsed.data);
}

/**
 * Reads and validates a policy pack; the built-in cn-2026.1 when no path is given.
 * @throws XieshangError("policy", …) when the file cannot be read, is not JSON, or fails the schema.
 */
export function loadPolicy(path: string = DEFAULT_POLICY_FILE): Policy {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new XieshangError("policy", `${path}: cannot read: ${systemMessage(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new XieshangError("policy", `${path}: invalid JSON: ${systemMessage(err)}`);
  }
  return parsePolicy(json, path);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
